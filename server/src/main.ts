/**
 * Language server process entry: `node dist/server.js --stdio` (or `--node-ipc` when VS Code's
 * client starts it). `createConnection` picks the transport from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
