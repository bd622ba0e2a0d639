/**
 * GET /plus, the page Free digests link to: served by the api function (a static page), apart from
 * the subscription routes so that serving it loads none of their use cases.
 */
import { route, type Route } from '../http/router';
import { PAGE_HEADERS } from './html';
import { PLUS_PAGE } from './pages';

/** GET /plus: served whether or not this deployment serves the subscription routes (digests link to it). */
export function plusRoute(): Route {
  return route({
    method: 'GET',
    path: '/plus',
    operationId: 'plus',
    summary: 'What Plus is (Free digests link here)',
    tags: ['meta'],
    responses: { '200': { description: 'An HTML page.', contentType: 'text/html' } },
    async handle() {
      return { status: 200, headers: { ...PAGE_HEADERS, 'cache-control': 'public, max-age=3600' }, raw: PLUS_PAGE };
    },
  });
}
