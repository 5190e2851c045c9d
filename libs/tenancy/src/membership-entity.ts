import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MemberRole = 'owner' | 'member';

/** A user's place in a workspace: owners also manage its API keys. */
@Entity({ name: 'memberships' })
export class MembershipEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('text') role!: MemberRole;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
