import '@gouvfr/dsfr/dist/dsfr.min.css';
// Only the icon families the page uses: each icon is a file the build copies.
import '@gouvfr/dsfr/dist/utility/icons/icons-user/icons-user.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-system/icons-system.min.css';
import 'uplot/dist/uPlot.min.css';
import './page.css';
import '../../src/index.ts';
import { configure, tokenFromEndpoint } from '../../src/core/config.ts';
import './app.ts';

// The page's API is its own origin; its token comes from the session cookie, in memory only.
configure({ apiBase: location.origin, getToken: tokenFromEndpoint('/auth/token') });
