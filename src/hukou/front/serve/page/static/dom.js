// Building the page: h("tag", {attributes}, children…). Text is always set as text, never as HTML.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, val] of Object.entries(attrs)) {
    if (val === undefined || val === null || val === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), val);
    else if (key === "class") node.className = val;
    else if (val === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(val));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}
