// Tiny static file server for the built site, the way GitHub Pages serves it:
// `/x/` serves `x/index.html`, `/x` redirects to `/x/` when x is a folder,
// and a folder without index.html is a real 404 (no directory listing).
// The site can be mounted under a prefix (`/digest/`) to test sub-path builds.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.webmanifest': 'application/manifest+json',
};

/**
 * Starts a server for `root` mounted at `mount` ('/', '/digest/', or 'auto' = the
 * path of the home page in sitemap.xml) on `port` ($SERVE_PORT or a free one,
 * since a build with an absolute base URL must be served where it says);
 * resolves to {server, port, origin, url}.
 */
function serve(root, mount = 'auto', port = Number(process.env.SERVE_PORT || 0)) {
  root = path.resolve(root);
  if (mount === 'auto') {
    const { siteMount, sitemapLocs } = require('./pages');
    mount = siteMount(root);
    // A site built for a loopback base URL (site.toml's own, say
    // http://127.0.0.1:1111/) is served on that port, so its absolute links work.
    if (!port) {
      const home = sitemapLocs(root).sort((a, b) => a.length - b.length)[0];
      const m = home && /^http:\/\/(127\.0\.0\.1|localhost):(\d+)\//.exec(home);
      if (m) port = Number(m[2]);
    }
  }
  if (!mount.endsWith('/')) mount += '/';
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad url');
      return;
    }
    const notFound = () => {
      const page404 = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(fs.existsSync(page404) ? fs.readFileSync(page404) : 'not found');
    };
    if (pathname + '/' === mount) {
      res.writeHead(301, { location: mount }).end();
      return;
    }
    if (!pathname.startsWith(mount)) return notFound();
    const rel = pathname.slice(mount.length);
    const file = path.join(root, rel);
    if (!file.startsWith(root)) return notFound();
    let stat;
    try { stat = fs.statSync(file); } catch { return notFound(); }
    let target = file;
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' }).end();
        return;
      }
      target = path.join(file, 'index.html');
      if (!fs.existsSync(target)) return notFound();
    }
    const type = TYPES[path.extname(target).toLowerCase()] || 'application/octet-stream';
    const body = fs.readFileSync(target);
    res.writeHead(200, { 'content-type': type, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const p = server.address().port;
      const origin = `http://127.0.0.1:${p}`;
      resolve({ server, port: p, origin, url: origin + mount });
    });
  });
}

module.exports = { serve };

// CLI: node lib/serve.js DIR [MOUNT] [PORT] — prints the URL, serves until killed.
if (require.main === module) {
  const [dir, mount = 'auto', port = process.env.SERVE_PORT || '0'] = process.argv.slice(2);
  serve(dir, mount, Number(port)).then(({ url }) => console.log(url));
}
