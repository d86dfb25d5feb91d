import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Public } from '@pf/identity';
import { forbidden, notFound } from '@pf/domain';
import { ProjectionRunner } from '@pf/projections';
import type { PortalConfig } from './config';
import { PORTAL_CONFIG } from './platform.module';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The operator's controls over the deployment's read models. A rebuild drops a read model for
 * every commune at once, so it belongs to whoever runs the deployment, not to a commune's staff:
 * it answers only with the OPERATOR_KEY (header `X-Operator-Key`), and to nobody when none is set.
 */
@Controller('api/admin/projections')
export class ProjectionsAdminController {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  /** Drop a read model and rebuild it from the first event (or every one, with "all"). */
  @Post(':name/rebuild')
  @Public()
  @HttpCode(200)
  async rebuild(@Param('name') name: string, @Headers('x-operator-key') key: string | undefined) {
    const expected = this.config.operatorKey;
    if (!expected || !key || !timingSafeEqual(digest(key), digest(expected))) {
      throw forbidden('OPERATOR_ONLY', "Seul l'exploitant de la plateforme peut reconstruire les vues.");
    }
    const names = name === 'all' ? this.projections.names : [name];
    if (!names.every((n) => this.projections.names.includes(n))) throw notFound('PROJECTION_NOT_FOUND', 'Projection inconnue.');
    for (const n of names) await this.projections.rebuild(n);
    return { rebuilt: names, projections: await this.projections.status() };
  }
}
