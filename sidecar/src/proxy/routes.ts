// Route templates for request metrics: the paths of the --routes OpenAPI file, matched with find-my-way.
import { readFile } from 'node:fs/promises';
import FindMyWay from 'find-my-way';
import { parse } from 'yaml';
import { isUncountedPath } from '../../../library/ts/src/fastify.js';
import { badFlag } from '../cli.js';

export const OTHER_ROUTE = 'other';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Tags whose operations every service serves. */
const SHARED_TAGS = new Set(['all']);

type Operation = { tags?: unknown };
type PathItem = Partial<Record<(typeof METHODS)[number], Operation>>;

/**
 * The sidecar cannot see the app's router, so it labels requests by the same OpenAPI file the
 * apps implement. Only operations the service serves count (tagged with its name or `all`, or
 * untagged): a path of another service is `other`, as the app's own router would have it. A GET
 * also answers HEAD, as fastify's routes do.
 */
export class RouteMatcher {
  private readonly router = FindMyWay({ ignoreTrailingSlash: false, ignoreDuplicateSlashes: false });
  readonly templates: string[] = [];

  static async load(file: string, service: string): Promise<RouteMatcher> {
    let document: { paths?: Record<string, PathItem> };
    try {
      document = parse(await readFile(file, 'utf8')) as typeof document;
    } catch (error) {
      throw badFlag(
        `--routes="${file}" is invalid: ${(error as Error).message.split('\n')[0]}; valid values: an OpenAPI file in YAML or JSON`,
      );
    }
    if (typeof document?.paths !== 'object' || document.paths === null) {
      throw badFlag(`--routes="${file}" is invalid: it has no paths; valid values: an OpenAPI file`);
    }
    return new RouteMatcher(document.paths, service);
  }

  constructor(paths: Record<string, PathItem>, service: string) {
    for (const [template, item] of Object.entries(paths)) {
      const methods = new Set<string>();
      for (const method of METHODS) {
        const operation = item?.[method];
        if (operation === undefined || !servedBy(operation, service)) continue;
        methods.add(method.toUpperCase());
        if (method === 'get') methods.add('HEAD');
      }
      if (methods.size === 0) continue;
      this.router.on([...methods] as FindMyWay.HTTPMethod[], toFindMyWay(template), noop, { template });
      this.templates.push(template);
    }
  }

  /** The template of a request, `other` when none matches; undefined for a path that is not counted. */
  routeOf(method: string, url: string): string | undefined {
    if (isUncountedPath(url)) return undefined;
    const found = this.router.find(method as FindMyWay.HTTPMethod, url);
    return found === null ? OTHER_ROUTE : (found.store as { template: string }).template;
  }
}

function servedBy(operation: Operation, service: string): boolean {
  if (!Array.isArray(operation.tags) || operation.tags.length === 0) return true;
  return operation.tags.some((tag) => tag === service || SHARED_TAGS.has(tag as string));
}

/** `/customers/{id}` -> `/customers/:id` */
function toFindMyWay(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

function noop(): void {}
