// Entry of the SMTP worker thread. Threads inherit `-r @swc-node/register` from the process in
// production and `npm start`; under Jest (which transpiles only its own module graph) the thread
// registers the TypeScript loader itself.
if (!require.extensions['.ts']) require('@swc-node/register');
require('./smtp-thread.ts').runSmtpThread();
