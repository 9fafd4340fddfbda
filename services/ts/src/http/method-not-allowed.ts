// 405 for a path that is served with other methods: the app's routes by path, matched with fastify's own router (find-my-way).
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

/** Records every route of `app` from now on; answers the methods a concrete path is served with, or undefined for none. */
export function trackRouteMethods(app: FastifyInstance): (path: string) => string[] | undefined {
  // One entry per path template; its store is the set of methods, growing as routes are added.
  const router = FindMyWay();
  const methodsByUrl = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    let methods = methodsByUrl.get(route.url);
    if (methods === undefined) {
      methods = new Set();
      methodsByUrl.set(route.url, methods);
      router.on('GET', route.url, () => {}, methods);
    }
    for (const method of [route.method].flat()) methods.add(method);
  });
  return (path) => {
    const found = router.find('GET', path);
    return found === null ? undefined : [...(found.store as Set<string>)];
  };
}
