// Runs only where module scripts don't (index.html loads it with `nomodule`): IE and the IE-based
// 兼容模式 of 360/QQ/搜狗 browsers, and engines older than Chrome 61, Firefox 60 or Safari 11. None
// of them can run the app, so the page shows its advice (styles/app.css .boot-old) instead of
// the loading text, with this page's address to open in another browser.
// ES3 on purpose (IE 7 document mode): no let/const, no arrow functions, no addEventListener.
(function () {
  var root = document.documentElement;
  root.className = (root.className ? root.className + ' ' : '') + 'boot-old';

  function showAddress() {
    var slot = document.getElementById('boot-address');
    if (!slot || slot.firstChild) return;
    slot.appendChild(document.createTextNode('（地址：' + window.location.href + '）'));
  }

  if (window.addEventListener) {
    window.addEventListener('load', showAddress, false);
  } else if (window.attachEvent) {
    window.attachEvent('onload', showAddress);
  }
})();
