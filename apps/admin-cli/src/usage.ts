export const usage = `Usage: npm run admin -- <command>

Commands:
  migrate                                   run the database migrations (gateway and every client shard)
  init <workspace-name>                     create a workspace and its first API key
  workspace create <name>                   create a workspace and print its id
  workspace list                            list workspaces
  key create --workspace <id> [--name <n>]  create an API key (shown once)
  key list [--workspace <id>]               list API keys (never the keys themselves)
  key revoke <key-id>                       revoke an API key
  user create --email <e> --workspace <id> [--role owner|member]
                                            create a dashboard user (password shown once), or add
                                            an existing one to the workspace
  user reset-password --email <e>           set a new password (shown once); ends the user's sessions
  user list [--workspace <id>]              list users and their workspaces (never a password)
  dead-letters list --database <url> [--limit <n>]
                                            list a consuming service's dead letters (never their bytes)
  dead-letters replay <id> --database <url> publish a dead letter again to its topic, once
  analytics rebuild --database <url> [--kafka-namespace <ns>]
                                            replay every topic into fresh analytics counters and swap them in
  shards import --from <postgres-url> [--after <client-id>] [--batch-size <n>]
                                            copy a single-database clients table into the client shards
                                            (idempotent; verifies every row at the end)
  shards status [--service client|email|campaign]
                                            bucket map version, buckets and rows per shard, unfinished reshard
  shards reshard --to <n> [--unit-size <buckets>] [--outbox-wait <seconds>]
                                            move client buckets until n shards own them (resumes a killed run)
  shards reshard --service email|campaign --to <n> [--unit-size <buckets>]
                                            the same for the email or campaign shards, OFFLINE: refused
                                            while any process is connected to them (stop the service)
  help                                      show this help

Environment:
  GATEWAY_DATABASE_URL     PostgreSQL URL of the gateway database (workspaces, API keys, users)
  CLIENT_SHARD_URLS        comma-separated PostgreSQL URLs of the client shards (migrate, shards)
  EMAIL_DATABASE_URLS      comma-separated PostgreSQL URLs of the email shards (shards --service email)
  CAMPAIGN_DATABASE_URLS   comma-separated PostgreSQL URLs of the campaign shards (shards --service campaign)
  KAFKA_BROKERS            comma-separated host:port of the Kafka brokers (dead-letters replay, analytics rebuild)
  Without them, the embedded data is used:
  COLDREACH_DATA_DIR       embedded data directory (default: .data in the repository)
  EMBEDDED_CLIENT_SHARDS   number of embedded client shards (default: 2)`;
