// Inside the Shadow DOM: the host page's styles do not reach the widget, and these do not leak out.
export const CSS = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.r{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:8px;max-width:calc(100vw - 32px);color:#1d1d1f;font-size:15px;line-height:1.4}
button{font:inherit;cursor:pointer;border-radius:8px;border:1px solid #0b5cad;background:#fff;color:#0b5cad;padding:8px 12px}
button.primary{background:#0b5cad;color:#fff}
button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.launcher{border-radius:28px;padding:12px 20px;background:#0b5cad;color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25)}
.card{background:#fff;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.2);padding:14px;width:340px;max-width:100%}
.card p{margin:0 0 10px}
.row{display:flex;gap:8px;flex-wrap:wrap}
.panel{background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.3);width:360px;max-width:calc(100vw - 32px);height:min(560px,calc(100vh - 96px));display:flex;flex-direction:column;overflow:hidden}
.head{display:flex;align-items:center;justify-content:space-between;background:#0b5cad;color:#fff;padding:10px 12px}
.head h2{margin:0;font-size:16px}
.head button{background:transparent;color:#fff;border-color:#fff;padding:4px 10px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;margin:0;list-style:none}
.msg{max-width:85%;padding:8px 10px;border-radius:10px;background:#eef2f7;white-space:pre-wrap;word-wrap:break-word}
.msg.visitor{align-self:flex-end;background:#0b5cad;color:#fff}
.msg.system{align-self:center;background:#fff8e1;font-size:13px}
.who{display:block;font-size:12px;font-weight:600;margin-bottom:2px}
.meta{font-size:12px;color:#4a4a4a}
.msg.visitor .meta{color:#e6eefa}
.status{padding:6px 12px;font-size:13px;background:#f3f6fa;color:#1d1d1f}
form.compose{display:flex;gap:6px;padding:8px;border-top:1px solid #d0d7e2}
input,textarea,select{font:inherit;border:1px solid #6b7785;border-radius:8px;padding:8px;width:100%;color:#1d1d1f;background:#fff}
label{display:block;font-size:13px;margin:6px 0 2px}
.body{padding:12px;overflow-y:auto;flex:1}
.slots{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.slots button[aria-pressed=true]{background:#0b5cad;color:#fff}
.notice{background:#e7f6ec;color:#145c2c;padding:8px;border-radius:8px}
.error{background:#fdecea;color:#8a1c11;padding:8px;border-radius:8px;margin:6px 12px}
.stars button{padding:6px 10px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:400px){.r{right:8px;bottom:8px;max-width:calc(100vw - 16px)}.panel{width:calc(100vw - 16px)}}
`;
