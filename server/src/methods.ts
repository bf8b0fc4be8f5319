/**
 * Custom LSP method names as plain strings, importable by the client without pulling the
 * server's protocol library into its bundle. Types and descriptions live in `protocol.ts`.
 */

/** Server → client: the NKI version and target a document was checked against (see protocol.ts). */
export const NKI_STATUS_METHOD = 'nki/status';
