// JSON schemas of signing in (sessions), the account's password and the workspace's API keys.
import { nullableTime, timeProperty } from './common-schemas';

const roleProperty = {
  type: 'string',
  enum: ['owner', 'member'],
  description: 'owner: also manages the API keys; member: everything else.',
} as const;

const workspaceOfUser = {
  type: 'object',
  required: ['id', 'name', 'role'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: roleProperty },
} as const;

export const sessionSchema = {
  $id: 'Session',
  type: 'object',
  required: ['user', 'workspace', 'workspaces', 'csrfToken', 'expiresAt', 'idleTimeoutSeconds'],
  properties: {
    user: {
      type: 'object',
      required: ['id', 'email'],
      properties: { id: { type: 'string' }, email: { type: 'string' } },
    },
    workspace: {
      ...workspaceOfUser,
      description: 'The workspace every request of the session is scoped to.',
    },
    workspaces: { type: 'array', items: workspaceOfUser, description: 'Every workspace the user is in.' },
    csrfToken: {
      type: 'string',
      description: 'Send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE made with the cookie.',
    },
    expiresAt: { ...timeProperty, description: 'When the session ends however active it is.' },
    idleTimeoutSeconds: {
      type: 'integer',
      description: 'The session also ends after this long without a request.',
    },
  },
} as const;

const passwordProperty = { type: 'string', minLength: 1, maxLength: 1000 } as const;

export const signInBodySchema = {
  $id: 'SignIn',
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: { email: { type: 'string', minLength: 1, maxLength: 254 }, password: passwordProperty },
} as const;

export interface SignInBody {
  email: string;
  password: string;
}

export const switchWorkspaceBodySchema = {
  $id: 'SwitchWorkspace',
  type: 'object',
  additionalProperties: false,
  required: ['workspaceId'],
  properties: { workspaceId: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const changePasswordBodySchema = {
  $id: 'ChangePassword',
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'newPassword'],
  properties: {
    currentPassword: passwordProperty,
    // Bounded like every string at the edge; the route names the 10–200 rule itself.
    newPassword: { ...passwordProperty, minLength: 0, description: '10 to 200 characters.' },
  },
} as const;

export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}

export const apiKeySchema = {
  $id: 'ApiKey',
  type: 'object',
  required: ['id', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The first 12 characters of the key, to tell keys apart.' },
    createdAt: timeProperty,
    lastUsedAt: nullableTime('Last request made with it (to the minute); null when never used.'),
    revokedAt: nullableTime('When it was revoked; null while it works.'),
  },
} as const;

export const apiKeyListSchema = {
  $id: 'ApiKeyList',
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'array', items: { $ref: 'ApiKey#' }, description: 'Oldest first.' } },
} as const;

export const createApiKeyBodySchema = {
  $id: 'CreateApiKey',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const createdApiKeySchema = {
  $id: 'CreatedApiKey',
  type: 'object',
  required: ['key', 'apiKey'],
  properties: {
    key: { type: 'string', description: 'The key itself: shown this once, it cannot be recovered.' },
    apiKey: { $ref: 'ApiKey#' },
  },
} as const;

export const accountSchemas = [
  sessionSchema,
  signInBodySchema,
  switchWorkspaceBodySchema,
  changePasswordBodySchema,
  apiKeySchema,
  apiKeyListSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
];
