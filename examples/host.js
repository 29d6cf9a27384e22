// The example portal's side of the 述职报告向导 message protocol (README 嵌入内网门户):
//
//   host → app   { type: 'shuzhi:hello', id? }                  → shuzhi:ready
//                { type: 'shuzhi:export', format: 'docx'|'txt'|'md'|'html', id? }
//                                                               → shuzhi:file or shuzhi:error
//   app → host   { type: 'shuzhi:ready', protocol: 1, formats, title, id? }
//                { type: 'shuzhi:saved', savedAt, title }         after every autosave
//                { type: 'shuzhi:file', id, format, fileName, mimeType, size, bytes: Uint8Array }
//                { type: 'shuzhi:error', id, code, message }
//
// The app answers only origins listed in its config.json (and its own); this page, in turn,
// trusts only messages from the iframe's window at the app's origin.
const params = new URLSearchParams(location.search);
const frame = document.getElementById('app');
if (params.has('sandbox')) frame.setAttribute('sandbox', params.get('sandbox'));
frame.src = params.get('app') || frame.dataset.src;
const appOrigin = new URL(frame.src, location.href).origin;
// A frame without allow-same-origin has an opaque origin: messages to it can only name '*'
// (they carry no secret; the answers come back to this page's origin only).
const opaque = frame.hasAttribute('sandbox') && !frame.sandbox.contains('allow-same-origin');
const target = opaque ? '*' : appOrigin;

const status = document.getElementById('status');
const log = document.getElementById('log');
const buttons = [...document.querySelectorAll('.actions button')];
const pending = new Map();
let counter = 0;

/** What happened, for people (the list) and for tests (window.shuzhiHost.events). */
const events = [];
function note(text, message) {
  events.push(message);
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
}

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || (!opaque && event.origin !== appOrigin)) return;
  const message = event.data;
  switch (message?.type) {
    case 'shuzhi:ready':
      status.textContent = `述职报告向导已就绪：${message.title}`;
      buttons.forEach((b) => { b.disabled = false; });
      note(`ready（协议 ${message.protocol}，格式 ${message.formats.join('、')}）`, message);
      break;
    case 'shuzhi:saved':
      status.textContent = `已自动保存：${message.title}`;
      note(`saved ${new Date(message.savedAt).toLocaleTimeString()}`, message);
      break;
    case 'shuzhi:file':
    case 'shuzhi:error': {
      note(message.type === 'shuzhi:file' ? `file ${message.fileName}（${message.size} 字节）` : `error ${message.code}：${message.message}`, message);
      const request = pending.get(message.id);
      pending.delete(message.id);
      if (request) message.type === 'shuzhi:file' ? request.resolve(message) : request.reject(message);
      break;
    }
    default:
      break;
  }
});

// The app announces itself when it can tell who embeds it; asking again costs nothing.
frame.addEventListener('load', () => frame.contentWindow.postMessage({ type: 'shuzhi:hello' }, target));

/** Asks the app for the current report as a file: resolves with { fileName, mimeType, bytes }. */
function request(format) {
  const id = `request-${++counter}`;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    frame.contentWindow.postMessage({ type: 'shuzhi:export', format, id }, target);
  });
}

/** Saves a file the app sent, from the portal page (e.g. to attach it to a submission form). */
function save(file) {
  const url = URL.createObjectURL(new Blob([file.bytes], { type: file.mimeType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

for (const button of buttons) {
  button.addEventListener('click', async () => {
    try {
      const file = await request(button.id.replace('export-', ''));
      save(file);
      status.textContent = `已下载 ${file.fileName}`;
    } catch (error) {
      status.textContent = `导出失败：${error.message}`;
    }
  });
}

window.shuzhiHost = { request, events };
