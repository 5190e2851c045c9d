import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person who signs in to the dashboard; the password only as a scrypt hash (see password.ts). */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid') id!: string;
  /** Stored lower-cased: one account per address whatever the case it is typed in. */
  @Column('text') email!: string;
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  /** Sessions begun at or before this are invalid: a password change or reset revokes them all. */
  @Column('timestamptz', { name: 'sessions_valid_after' }) sessionsValidAfter!: Date;
}
