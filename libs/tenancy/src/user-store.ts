import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { invalidArgument, notFound } from '@coldreach/errors';
import { isUuid } from '@coldreach/ids';
import { MembershipEntity, type MemberRole } from './membership-entity';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { UserEntity } from './user-entity';
import { WorkspaceEntity } from './workspace-entity';

export type { MemberRole } from './membership-entity';

export interface User {
  id: string;
  email: string;
  createdAt: Date;
  sessionsValidAfter: Date;
}

/** A workspace as one of its members sees it. */
export interface Membership {
  workspaceId: string;
  workspaceName: string;
  role: MemberRole;
  createdAt: Date;
}

/** What a signed-in request needs to know fresh: who, which role, and which sessions still count. */
export interface SessionAccess {
  email: string;
  role: MemberRole;
  sessionsValidAfter: Date;
}

export interface UserListing extends User {
  memberships: { workspaceId: string; role: MemberRole }[];
}

export interface UserStore {
  /** Refuses a weak password, a malformed email and an email that has an account already. */
  createUser(email: string, password: string): Promise<User>;
  findUserByEmail(email: string): Promise<User | null>;
  /**
   * The user these credentials belong to, or null for an unknown email or a wrong password; both
   * cost one scrypt hash, so the time taken does not tell which it was.
   */
  checkCredentials(email: string, password: string): Promise<User | null>;
  checkPassword(userId: string, password: string): Promise<boolean>;
  /** Sets a new password and revokes every session begun at or before `revokeSessionsAt`. */
  setPassword(userId: string, password: string, revokeSessionsAt: Date): Promise<void>;
  /** Adds the user to the workspace, or changes their role there. */
  addMembership(userId: string, workspaceId: string, role: MemberRole): Promise<void>;
  /** The user's workspaces, the one joined first first. */
  listMemberships(userId: string): Promise<Membership[]>;
  sessionAccess(userId: string, workspaceId: string): Promise<SessionAccess | null>;
  listUsers(workspaceId?: string): Promise<UserListing[]>;
  countUsers(): Promise<number>;
}

const maxEmailLength = 254;

/** How an email is stored and looked up: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/** Users and their memberships, in the gateway's database next to the workspaces. */
export function createUserStore(dataSource: DataSource): UserStore {
  const users = dataSource.getRepository(UserEntity);
  const memberships = dataSource.getRepository(MembershipEntity);
  // Verified against when the email is unknown, so that case costs the same scrypt time.
  let decoyHash: Promise<string> | undefined;

  const findUserRow = (email: string) => users.findOneBy({ email: normaliseEmail(email) });

  return {
    async createUser(email, password) {
      const normalised = validEmail(email);
      const weak = passwordProblem(password);
      if (weak) throw invalidArgument([{ field: 'password', message: weak }]);
      if (await users.existsBy({ email: normalised })) {
        throw invalidArgument([{ field: 'email', message: 'has an account already' }]);
      }
      const now = new Date();
      const row: UserEntity = {
        id: randomUUID(),
        email: normalised,
        passwordHash: await hashPassword(password),
        createdAt: now,
        sessionsValidAfter: now,
      };
      await users.insert(row);
      return toUser(row);
    },

    async findUserByEmail(email) {
      const row = await findUserRow(email);
      return row ? toUser(row) : null;
    },

    async checkCredentials(email, password) {
      const row = await findUserRow(email);
      if (!row) {
        decoyHash ??= hashPassword('not anyone’s password');
        await verifyPassword(password, await decoyHash);
        return null;
      }
      return (await verifyPassword(password, row.passwordHash)) ? toUser(row) : null;
    },

    async checkPassword(userId, password) {
      const row = isUuid(userId) ? await users.findOneBy({ id: userId }) : null;
      return row !== null && (await verifyPassword(password, row.passwordHash));
    },

    async setPassword(userId, password, revokeSessionsAt) {
      const weak = passwordProblem(password);
      if (weak) throw invalidArgument([{ field: 'password', message: weak }]);
      const result = await users.update(
        { id: userId },
        { passwordHash: await hashPassword(password), sessionsValidAfter: revokeSessionsAt },
      );
      if (!result.affected) throw notFound(`user ${userId}`);
    },

    async addMembership(userId, workspaceId, role) {
      if (
        !isUuid(workspaceId) ||
        !(await dataSource.getRepository(WorkspaceEntity).existsBy({ id: workspaceId }))
      )
        throw notFound(`workspace ${workspaceId}`);
      await memberships
        .createQueryBuilder()
        .insert()
        .values({ userId, workspaceId, role, createdAt: new Date() })
        .orUpdate(['role'], ['user_id', 'workspace_id'])
        .execute();
    },

    async listMemberships(userId) {
      if (!isUuid(userId)) return [];
      const rows: { workspace_id: string; name: string; role: MemberRole; created_at: Date }[] =
        await dataSource.query(
          `SELECT m.workspace_id, w.name, m.role, m.created_at
             FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
            WHERE m.user_id = $1
            ORDER BY m.created_at, m.workspace_id`,
          [userId],
        );
      return rows.map((row) => ({
        workspaceId: row.workspace_id,
        workspaceName: row.name,
        role: row.role,
        createdAt: new Date(row.created_at),
      }));
    },

    async sessionAccess(userId, workspaceId) {
      if (!isUuid(userId) || !isUuid(workspaceId)) return null;
      const rows: { email: string; role: MemberRole; sessions_valid_after: Date }[] = await dataSource.query(
        `SELECT u.email, m.role, u.sessions_valid_after
           FROM users u JOIN memberships m ON m.user_id = u.id
          WHERE u.id = $1 AND m.workspace_id = $2`,
        [userId, workspaceId],
      );
      const row = rows[0];
      return row
        ? { email: row.email, role: row.role, sessionsValidAfter: new Date(row.sessions_valid_after) }
        : null;
    },

    async listUsers(workspaceId) {
      if (workspaceId !== undefined && !isUuid(workspaceId)) return [];
      const rows = await users.find({ order: { createdAt: 'ASC', id: 'ASC' } });
      const all = await memberships.find({ order: { createdAt: 'ASC' } });
      return rows
        .map((row) => ({
          ...toUser(row),
          memberships: all
            .filter((m) => m.userId === row.id)
            .map((m) => ({ workspaceId: m.workspaceId, role: m.role })),
        }))
        .filter(
          (user) => workspaceId === undefined || user.memberships.some((m) => m.workspaceId === workspaceId),
        );
    },

    countUsers: () => users.count(),
  };
}

function validEmail(email: string): string {
  const normalised = normaliseEmail(email);
  if (normalised.length > maxEmailLength || !/^[^\s@]+@[^\s@]+$/.test(normalised)) {
    throw invalidArgument([{ field: 'email', message: 'must be an email address' }]);
  }
  return normalised;
}

function toUser(row: UserEntity): User {
  return {
    id: row.id,
    email: row.email,
    createdAt: row.createdAt,
    sessionsValidAfter: row.sessionsValidAfter,
  };
}
