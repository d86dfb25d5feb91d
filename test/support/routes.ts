import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { accessRuleOf, type AccessRule } from '@pf/identity';
import type { RunningPortal } from './portal';

export interface Route {
  /** `METHOD /path/:param`, the key of the samples table. */
  key: string;
  method: string;
  path: string;
  rule: AccessRule | undefined;
  controller: string;
  handler: string;
}

/** Every HTTP route the running application serves, read from its controllers: a route added later is found without a list to update. */
export function discoverRoutes(portal: RunningPortal): Route[] {
  const reflector = new Reflector();
  const routes: Route[] = [];
  for (const module of portal.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat()[0] as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
        const method = Reflect.getMetadata(METHOD_METADATA, handler);
        if (methodPath === undefined || method === undefined) continue;
        for (const sub of [methodPath].flat() as string[]) {
          const path = `/${[base, sub].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
          const verb = RequestMethod[method as RequestMethod];
          routes.push({ key: `${verb} ${path}`, method: verb, path, rule: accessRuleOf(reflector, handler, controller), controller: controller.name, handler: name });
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** The roles a route admits (none for a public one). */
export const rolesOf = (route: Route): string[] => (route.rule && 'roles' in route.rule ? route.rule.roles : []);
