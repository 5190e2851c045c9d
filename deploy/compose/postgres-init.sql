-- Runs once, when the postgres container starts on an empty volume: one database for the gateway
-- (workspaces, API keys) and one per client shard. Adding a shard later means adding its database here
-- (or running deploy/scripts/create-databases.mjs) and to CLIENT_SHARD_URLS.
CREATE DATABASE gateway;
CREATE DATABASE clients_0;
CREATE DATABASE clients_1;
