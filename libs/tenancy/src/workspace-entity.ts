import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant: every lead, campaign and key belongs to exactly one workspace. */
@Entity({ name: 'workspaces' })
export class WorkspaceEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
