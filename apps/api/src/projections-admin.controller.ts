import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Roles } from '@pf/accounts';
import { notFound } from '@pf/domain';
import { ProjectionRunner } from '@pf/projections';

@Controller('api/admin/projections')
export class ProjectionsAdminController {
  constructor(private readonly projections: ProjectionRunner) {}

  /** Drop a read model and rebuild it from the first event (or every one, with "all"). */
  @Post(':name/rebuild')
  @Roles('admin')
  @HttpCode(200)
  async rebuild(@Param('name') name: string) {
    const names = name === 'all' ? this.projections.names : [name];
    if (!names.every((n) => this.projections.names.includes(n))) throw notFound('PROJECTION_NOT_FOUND', 'Projection inconnue.');
    for (const n of names) await this.projections.rebuild(n);
    return { rebuilt: names, projections: await this.projections.status() };
  }
}
