// The partner portal's own script: who is signed in, which person is shown. Its backend
// (here GPS's local dev issuer) mints the token the widgets use.
const params = new URLSearchParams(location.search);
const professionals = await fetch('/dev/professionals').then((response) => response.json());
const email = params.get('email') ?? professionals[0].email;
if (params.get('lang')) document.documentElement.lang = params.get('lang');

const select = document.getElementById('professional');
for (const pro of professionals) {
  const option = new Option(`${pro.firstName} ${pro.lastName} — ${pro.organization.name}`, pro.email, false, pro.email === email);
  select.append(option);
}

window.GPS.configure({
  apiBase: location.origin,
  getToken: window.GPS.tokenFromEndpoint(`/dev/token?email=${encodeURIComponent(email)}`),
});

function show(personId) {
  document.getElementById('choose').hidden = true;
  document.getElementById('widgets').hidden = false;
  for (const element of document.querySelectorAll('#widgets *')) {
    if (element.localName.startsWith('gps-')) element.setAttribute('person-id', personId);
  }
  const url = new URL(location.href);
  url.searchParams.set('person', personId);
  history.replaceState(null, '', url);
}

document.addEventListener('gps-person-selected', (event) => show(event.detail.personId));
document.addEventListener('gps-joined', (event) => {
  if (event.detail.status === 'active') show(event.detail.personId);
  document.querySelector('gps-follow-up-list').load();
});
document.addEventListener('gps-person-updated', () => document.querySelector('gps-person-card').load());
if (params.get('person')) show(params.get('person'));
