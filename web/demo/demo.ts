import { CATALOG, type Product, productBySku } from './catalog';

// A small fake electronics shop that embeds the Relais widget like any merchant would: one script tag, product and
// cart data in `data-relais-*` attributes, and the JS API for what happens on the page (cart, checkout, log in).

interface CartLine {
  sku: string;
  family: string;
  price: number;
  quantity: number;
}

interface RelaisApi {
  track(event: Record<string, unknown>): Promise<void>;
  identify(token: string): Promise<void>;
}

const CART_KEY = 'demo-shop:cart';
const main = document.getElementById('main')!;
const path = location.pathname.replace(/^.*?\/demo/, '').replace(/\/$/, '');
const euros = (n: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(n);
const cart = (): CartLine[] => JSON.parse(localStorage.getItem(CART_KEY) ?? '[]') as CartLine[];
const cartTotal = (lines: CartLine[]) => lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const widgetScript = document.querySelector<HTMLScriptElement>('script[data-site-key]')!;
const relaisOrigin = new URL(widgetScript.src, location.href).origin;

/** The widget loads async: calls made before it is there are queued, as its README says. */
function relais(method: keyof RelaisApi, arg: unknown): void {
  const w = window as unknown as { Relais?: RelaisApi | unknown[][] };
  if (w.Relais && !Array.isArray(w.Relais)) void (w.Relais[method] as (a: unknown) => Promise<void>)(arg);
  else (w.Relais = (w.Relais as unknown[][] | undefined) ?? []).push([method, arg]);
}

function saveCart(lines: CartLine[]): void {
  localStorage.setItem(CART_KEY, JSON.stringify(lines));
  relais('track', { type: 'cart_update', items: lines });
  renderCartLink();
}

function renderCartLink(): void {
  const lines = cart();
  document.getElementById('cart-link')!.textContent = `Panier (${lines.reduce((n, l) => n + l.quantity, 0)})`;
  // The widget reads the cart from the page on every page load.
  document.body.dataset.relaisCart = JSON.stringify(lines);
}

function productCard(p: Product): string {
  return `<li class="product"><h2><a href="/demo/product/${p.sku}">${escape(p.name)}</a></h2><p>${escape(p.blurb)}</p><p class="price">${euros(p.price)}</p></li>`;
}

function renderHome(): void {
  document.body.dataset.relaisPageType = 'home';
  main.innerHTML = `<h1>Nos produits</h1><ul class="grid">${CATALOG.map(productCard).join('')}</ul>`;
}

function renderProduct(p: Product): void {
  document.title = `${p.name} — Électro Relais`;
  document.body.dataset.relaisPageType = 'product';
  main.innerHTML = `
    <article data-relais-sku="${p.sku}" data-relais-name="${escape(p.name)}" data-relais-family="${p.family}" data-relais-price="${p.price}">
      <h1>${escape(p.name)}</h1>
      <p>${escape(p.blurb)}</p>
      <p class="price">${euros(p.price)}</p>
      <button class="buy" id="add">Ajouter au panier</button>
      <p id="added" role="status"></p>
    </article>`;
  document.getElementById('add')!.addEventListener('click', () => {
    const lines = cart();
    const line = lines.find((l) => l.sku === p.sku);
    if (line) line.quantity += 1;
    else lines.push({ sku: p.sku, family: p.family, price: p.price, quantity: 1 });
    saveCart(lines);
    document.getElementById('added')!.textContent = `${p.name} ajouté au panier.`;
  });
}

function renderCart(): void {
  document.body.dataset.relaisPageType = 'cart';
  const lines = cart();
  const rows = lines.map((l) => `<tr><td>${escape(productBySku(l.sku)?.name ?? l.sku)}</td><td>${l.quantity}</td><td>${euros(l.price * l.quantity)}</td></tr>`).join('');
  main.innerHTML = lines.length
    ? `<h1>Votre panier</h1><table><thead><tr><th scope="col">Produit</th><th scope="col">Quantité</th><th scope="col">Prix</th></tr></thead><tbody>${rows}</tbody></table>
       <p class="price">Total : ${euros(cartTotal(lines))}</p><a class="buy" href="/demo/checkout">Commander</a>`
    : '<h1>Votre panier est vide</h1><p><a href="/demo">Voir les produits</a></p>';
}

function renderCheckout(): void {
  document.body.dataset.relaisPageType = 'checkout';
  const lines = cart();
  relais('track', { type: 'checkout_start' });
  main.innerHTML = `<h1>Paiement</h1><p>Total : ${euros(cartTotal(lines))}</p><button class="buy" id="pay">Payer (démo)</button><p id="paid" role="status"></p>`;
  document.getElementById('pay')!.addEventListener('click', () => {
    const orderId = `DEMO-${Date.now().toString(36).toUpperCase()}`;
    relais('track', { type: 'purchase', orderId, amount: cartTotal(lines) });
    saveCart([]);
    document.getElementById('paid')!.textContent = `Merci ! Commande ${orderId} confirmée.`;
  });
}

/** The shop's server would sign this claim with the site's identity secret; the demo asks Relais's demo signer. */
async function logInAsLea(): Promise<void> {
  const response = await fetch(`${relaisOrigin}/demo/v1/identity-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer: 'lea' }) });
  const { identityToken } = (await response.json()) as { identityToken: string };
  relais('identify', identityToken);
  const button = document.getElementById('login')!;
  button.textContent = 'Connectée : Léa Martin';
  button.setAttribute('aria-pressed', 'true');
  sessionStorage.setItem('demo-shop:user', 'lea');
}

renderCartLink();
if (sessionStorage.getItem('demo-shop:user') === 'lea') document.getElementById('login')!.textContent = 'Connectée : Léa Martin';
document.getElementById('login')!.addEventListener('click', () => void logInAsLea());
const sku = /^\/product\/([A-Z0-9-]+)$/.exec(path)?.[1];
const product = sku ? productBySku(sku) : undefined;
if (product) renderProduct(product);
else if (path === '/cart') renderCart();
else if (path === '/checkout') renderCheckout();
else renderHome();
