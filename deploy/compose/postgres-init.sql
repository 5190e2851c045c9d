-- Runs once, when the postgres container starts on an empty volume: one database for the gateway
-- (workspaces, API keys), one per client shard, and one each for the campaign, email, scraper and
-- analytics services. A volume created before a database was added here gets it from compose's `migrate`
-- (deploy/scripts/create-databases.mjs); a new shard also goes into CLIENT_SHARD_URLS.
CREATE DATABASE gateway;
CREATE DATABASE clients_0;
CREATE DATABASE clients_1;
CREATE DATABASE campaigns;
CREATE DATABASE email;
CREATE DATABASE scraper;
CREATE DATABASE analytics;
