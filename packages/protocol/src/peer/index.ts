// Who and where a peer is, in the forms every layer shares: its account id and its host text.
export { type AccountId, parseAccountId } from './account-id.ts';
export { bracketHost, formatHostPort, isWildcardHost, loopbackFor } from './host-address.ts';
