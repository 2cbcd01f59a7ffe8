import { expect } from 'vitest';

/**
 * A browser as far as cookies and redirects go: one jar per origin (GPS, the provider),
 * each redirect followed by hand so a test sees where it leads.
 */
export class Navigator {
  private readonly jars = new Map<string, Map<string, string>>();

  jar(origin: string) {
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin)!;
  }

  async fetch(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.jar(target.origin);
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const gone = value.join('') === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!) < new Date()));
      if (gone) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    return response;
  }

  /**
   * From `start`, follows redirects and the provider's forms (login with `email`, consent)
   * until GPS's callback: returns its URL without calling it, and whether the provider asked
   * for a login. With `stopAtLogin`, returns as soon as the provider shows its login form.
   */
  async toCallback(start: string, callbackUrl: string, email: string, options: { stopAtLogin?: boolean } = {}) {
    let url = new URL(start);
    let askedLogin = false;
    for (let hop = 0; hop < 20; hop++) {
      if (url.href.startsWith(callbackUrl)) return { callback: url, askedLogin };
      const response = await this.fetch(url);
      if (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location')!, url);
        continue;
      }
      const html = await response.text();
      expect(response.status, html).toBe(200);
      if (html.includes('name="login"')) {
        askedLogin = true;
        if (options.stopAtLogin) return { callback: undefined, askedLogin };
        url = await this.submit(url, html, { login: email, password: 'mot-de-passe-de-demo' });
      } else if (html.includes('value="consent"')) {
        url = await this.submit(url, html, {});
      } else throw new Error(`Page inattendue du fournisseur : ${html.slice(0, 300)}`);
    }
    throw new Error('Trop de redirections');
  }

  /** Posts the page's first form, its hidden fields and `fields`, and returns where it redirects. */
  async submit(page: URL, html: string, fields: Record<string, string>): Promise<URL> {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const response = await this.fetch(new URL(action, page), { form: { ...hidden, ...fields } });
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    return new URL(response.headers.get('location')!, page);
  }
}
