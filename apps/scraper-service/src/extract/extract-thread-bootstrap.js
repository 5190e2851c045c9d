// Entry of an extraction thread. Threads inherit `-r @swc-node/register` from the process in
// production and `npm start`; under Jest (which transpiles only its own module graph) the thread
// registers the TypeScript loader itself.
if (!require.extensions['.ts']) require('@swc-node/register');
require('./extract-thread.ts').runExtractThread();
