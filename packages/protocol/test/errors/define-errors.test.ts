// defineErrors: real classes with literal codes, default and detailed sentences, boundary fields and a registry.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CodedError,
  declaredCatalogues,
  declaredRow,
  declaredSentence,
  defineErrorCodes,
  defineErrors,
} from '../../src/errors/define-errors.ts';

const Demo = defineErrors('PC_DEMO', 'a demo layer', {
  NOT_READY: { message: 'The thing is not ready.', status: 409 },
  TOO_BIG: {
    message: (d: { size: number; limit: number }) => `${d.size} bytes is over ${d.limit}.`,
    major: 3,
    minor: 8,
  },
});

describe('defineErrors', () => {
  it('makes classes named after the row, with the stable code and the row fields', () => {
    const error = new Demo.NOT_READY();
    expect(error).toBeInstanceOf(Demo.NOT_READY);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NotReadyError');
    expect(error.code).toBe('PC_DEMO_NOT_READY');
    expect(error.message).toBe('The thing is not ready.');
    expect(error.status).toBe(409);
    expect(Demo.NOT_READY.code).toBe('PC_DEMO_NOT_READY');
    expect(new Demo.NOT_READY('Another sentence.').message).toBe('Another sentence.');
  });

  it('builds the sentence from the details and keeps them', () => {
    const cause = new Error('inner');
    const error = new Demo.TOO_BIG({ size: 10, limit: 5 }, { cause });
    expect(error.message).toBe('10 bytes is over 5.');
    expect(error.details).toEqual({ size: 10, limit: 5 });
    expect(error.cause).toBe(cause);
    expect([error.major, error.minor]).toEqual([3, 8]);
    expect(new Demo.TOO_BIG({ size: 1, limit: 0 }, { message: 'Custom.' }).message).toBe('Custom.');
    expect(error).not.toBeInstanceOf(Demo.NOT_READY);
  });

  it('gives each class its own literal code type, so TypeScript tells them apart', () => {
    expectTypeOf(new Demo.NOT_READY().code).toEqualTypeOf<'PC_DEMO_NOT_READY'>();
    expectTypeOf(new Demo.TOO_BIG({ size: 1, limit: 0 }).code).toEqualTypeOf<'PC_DEMO_TOO_BIG'>();
    expectTypeOf(new Demo.TOO_BIG({ size: 1, limit: 0 }).details).toEqualTypeOf<
      { size: number; limit: number } | undefined
    >();
  });

  it('registers the catalogue for the generated docs and refuses a prefix twice or a bad prefix', () => {
    const demo = declaredCatalogues().find((catalogue) => catalogue.prefix === 'PC_DEMO');
    expect(demo?.rows.map((row) => row.code)).toEqual(['PC_DEMO_NOT_READY', 'PC_DEMO_TOO_BIG']);
    expect(demo?.rows.map((row) => row.className)).toEqual(['NotReadyError', 'TooBigError']);
    expect(() => defineErrors('PC_DEMO', 'again', {})).toThrow(/already defined/);
    expect(() => defineErrors('demo', 'lower case', {})).toThrow(/PC_LAYER/);
  });

  it('declares a family: literal codes for one class, registered with the family name', () => {
    const codes = defineErrorCodes('PC_FAMILY', 'a family', 'FamilyError', {
      GONE: { message: 'It is gone.', status: 410 },
    });
    expect(codes.GONE).toBe('PC_FAMILY_GONE');
    expect(declaredRow(codes.GONE)).toEqual({ message: 'It is gone.', status: 410 });
    expect(() => declaredRow('PC_FAMILY_NOPE')).toThrow(/not declared/);
    expect(declaredSentence(codes.GONE)).toBe('It is gone.');
    expect(() => declaredSentence('PC_DEMO_TOO_BIG')).toThrow(/builds its sentence/);
    expectTypeOf(codes.GONE).toEqualTypeOf<'PC_FAMILY_GONE'>();
    const family = declaredCatalogues().find((catalogue) => catalogue.prefix === 'PC_FAMILY');
    expect(family?.rows).toEqual([
      { code: 'PC_FAMILY_GONE', className: 'FamilyError', row: { message: 'It is gone.', status: 410 } },
    ]);
  });
});
