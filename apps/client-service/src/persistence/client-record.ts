import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { VerificationStatusName } from '../domain/client';

/** One row of `clients` on a shard. The schema comes from its migrations (clientMigrations), never synchronize. */
@Entity({ name: 'clients' })
@Index('clients_workspace_email_key', ['workspaceId', 'email'], { unique: true })
export class ClientRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'first_name', default: '' })
  firstName!: string;

  @Column('text', { name: 'last_name', default: '' })
  lastName!: string;

  @Column('text', { default: '' })
  company!: string;

  @Column('text', { default: '' })
  title!: string;

  @Column('text', { default: '' })
  phone!: string;

  @Column('text', { default: '' })
  website!: string;

  @Column('text', { name: 'source_url', default: '' })
  sourceUrl!: string;

  @Column('timestamp with time zone', { name: 'collected_at', nullable: true, precision: 3 })
  collectedAt!: Date | null;

  @Column('text', { name: 'verification_status', default: 'unverified' })
  verificationStatus!: VerificationStatusName;

  @Column('text', { array: true, default: () => "'{}'" })
  tags!: string[];

  // The last verification recorded (AddClientVerification): all null while never checked.
  @Column('text', { name: 'verification_verdict', nullable: true })
  verificationVerdict!: string | null;

  @Column('text', { name: 'verification_reasons', array: true, nullable: true })
  verificationReasons!: string[] | null;

  @Column('text', { name: 'verification_mx_host', nullable: true })
  verificationMxHost!: string | null;

  @Column('timestamp with time zone', { name: 'verification_checked_at', nullable: true, precision: 3 })
  verificationCheckedAt!: Date | null;

  @Column('boolean', { name: 'verification_from_cache', nullable: true })
  verificationFromCache!: boolean | null;

  @Column('jsonb', { name: 'custom_fields', default: () => "'{}'" })
  customFields!: Record<string, string>;

  // Set by the application (millisecond precision) so page tokens can carry them exactly.
  @Column('timestamp with time zone', { name: 'created_at', precision: 3 })
  createdAt!: Date;

  @Column('timestamp with time zone', { name: 'updated_at', precision: 3 })
  updatedAt!: Date;
}
