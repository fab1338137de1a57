// The interactive client's start menu in a real pseudo-terminal: registration and login refusals in plain words,
// asking again only for the answer that was refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openInteractive, startToyPlatform, type ToyPlatform } from './support/interactive-client.ts';
import { type TmuxTerminal, tmuxForTests } from './support/tmux-terminal.ts';

const hasTmux = tmuxForTests();

describe.skipIf(!hasTmux)('paperclip (interactive) start menu', () => {
  let test: ToyPlatform;
  let term: TmuxTerminal | undefined;
  const password = 'correct horse battery';
  beforeAll(async () => {
    test = await startToyPlatform();
  });
  afterEach(() => term?.close());
  afterAll(async () => {
    await test.close();
  });

  const open = async () => {
    term = openInteractive(test.platform.url, test.directory);
    await term.waitFor(/Welcome — log in or create an account[\s\S]*Login[\s\S]*Register[\s\S]*Quit/);
    return term;
  };

  it('says a short password in plain words and asks only for the password again, keeping the username', async () => {
    const t = await open();
    t.keys('Down');
    t.keys('Enter');
    await t.waitFor(/Username/);
    t.type('newcomer');
    await t.waitFor(/Password/);
    t.type('short');
    await t.waitFor(/The password needs at least 8 characters\./);
    expect(t.screen()).not.toContain('Invalid body');
    // Asked for the password again, not thrown back to the start menu.
    await t.waitFor(/needs at least 8 characters\.[\s\S]*Password/);
    expect(t.screen().split('needs at least 8 characters.')[1]).not.toMatch(/Username|Welcome/);
    t.type(password);
    await t.waitFor(/Account created for 'newcomer'\.[\s\S]*Hello newcomer\.[\s\S]*Main menu/);
  });

  it('asks a taken username again, typed in already to edit, and keeps the password', async () => {
    await test.register('taken', password);
    const t = await open();
    t.keys('Down');
    t.keys('Enter');
    await t.waitFor(/Username/);
    t.type('taken');
    await t.waitFor(/Password/);
    t.type(password);
    await t.waitFor(/That username is already taken\.[\s\S]*Username[\s\S]*taken/);
    // The refused name is in the field: typing "2" makes it "taken2"; the password is not asked again.
    t.type('2');
    await t.waitFor(/Account created for 'taken2'\.[\s\S]*Hello taken2\./);
    expect(t.screen().split('already taken.')[1]).not.toContain('Password');
  });

  it('after a wrong password asks again with the username typed in already', async () => {
    await test.register('typo', password);
    const t = await open();
    t.keys('Enter');
    await t.waitFor(/Username/);
    t.type('typo');
    await t.waitFor(/Password/);
    t.type('not my password');
    await t.waitFor(/Wrong username or password\.[\s\S]*Username[\s\S]*typo/);
    t.keys('Enter');
    await t.waitFor(/Wrong username or password\.[\s\S]*Password/);
    t.type(password);
    await t.waitFor(/Hello typo\./);
  });
});
