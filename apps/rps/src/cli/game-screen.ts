// The RPS screen of the interactive client: joins the lobby, then the game screen (rps-screen.ts) until it ends.
import type { InteractivePlay } from '@paperclip/cli';
import { joinRpsLobby } from '../client/join-lobby.ts';
import type { RpsPlayer } from '../client/rps-player.ts';
import { playRpsScreen } from './rps-screen.ts';

/**
 * Joins the lobby and plays until the user leaves or the game ends; resolves back in the menus. The keyboard is
 * held from the start, so a key typed while connecting is neither echoed nor lost (Ctrl+C then leaves at once).
 */
export async function playInteractive(play: InteractivePlay): Promise<void> {
  const { terminal, lobby } = play;
  const keyboard = terminal.holdKeys(['q']);
  try {
    const connecting = terminal.spinner();
    connecting.start(`Connecting to ${lobby.address}…`);
    let player: RpsPlayer;
    try {
      player = await joinRpsLobby(play.session, lobby);
    } catch (error) {
      connecting.error('Could not join.');
      throw error;
    }
    connecting.stop(`Connected to lobby ${lobby.lobbyId}.`);
    await playRpsScreen(player, terminal, { leave: keyboard.leave, inputTimeoutMs: play.inputTimeoutMs });
  } finally {
    keyboard.release();
  }
}
