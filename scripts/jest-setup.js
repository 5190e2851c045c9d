// Every test process must run on the pinned Node major, like every script.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24)
  throw new Error(`Tests need Node 24; this is Node ${process.versions.node}. Run them with \`npm test\`.`);
require('reflect-metadata');
