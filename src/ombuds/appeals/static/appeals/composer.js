// The appeal editor: django-prose-editor (Tiptap/ProseMirror) on each textarea.rich-body,
// served from our own static files (no CDN). Its CSS is a stylesheet (injectCSS off) so the
// page keeps a CSP without inline styles. Figure references stay text ({{fig ...}}): typed or
// inserted with the picker, each shows as a chip with the figure's current value.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Extension,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
  pm,
} from "../django_prose_editor/editor.js"

const REFERENCE = /\{\{\s*(?:fig|estimate)\s+[^{}]+?\s*\}\}/g
const values = new Map() // reference as written -> current value ("" while asked)

function valuesUrl(form) {
  return form.dataset.figureValues
}

function askValues(editor, url) {
  const wanted = []
  editor.state.doc.descendants((node) => {
    if (!node.isText) return
    for (const match of node.text.matchAll(REFERENCE)) {
      if (!values.has(match[0])) wanted.push(match[0])
    }
  })
  if (!wanted.length) return
  for (const ref of wanted) values.set(ref, "")
  const query = new URLSearchParams(wanted.map((ref) => ["ref", ref]))
  fetch(`${url}?${query}`, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      for (const [ref, shown] of Object.entries(data.values)) values.set(ref, shown)
      editor.view.dispatch(editor.state.tr.setMeta("figureValues", true))
    })
}

function chip(shown) {
  const badge = document.createElement("span")
  badge.className = "fig-value"
  badge.textContent = shown || "…"
  badge.contentEditable = "false"
  return badge
}

const FigureChips = Extension.create({
  name: "figureChips",
  addProseMirrorPlugins() {
    return [
      new pm.state.Plugin({
        props: {
          decorations(state) {
            const found = []
            state.doc.descendants((node, pos) => {
              if (!node.isText) return
              for (const match of node.text.matchAll(REFERENCE)) {
                const from = pos + match.index
                const to = from + match[0].length
                found.push(pm.view.Decoration.inline(from, to, { class: "fig-ref" }))
                found.push(
                  pm.view.Decoration.widget(to, () => chip(values.get(match[0])), {
                    key: `${match[0]}=${values.get(match[0]) || ""}`,
                    side: 1,
                  }),
                )
              }
            })
            return pm.view.DecorationSet.create(state.doc, found)
          },
        },
      }),
    ]
  },
})

function picker(form, editor) {
  const box = form.querySelector(".figure-picker")
  if (!box) return
  const input = box.querySelector("input[type=search]")
  const list = box.querySelector("ol")
  let timer = null
  const search = () => {
    fetch(`${box.dataset.search}?${new URLSearchParams({ q: input.value })}`, {
      credentials: "same-origin",
    })
      .then((response) => response.json())
      .then((data) => {
        list.replaceChildren()
        for (const figure of data.figures) {
          const item = document.createElement("li")
          const button = document.createElement("button")
          button.type = "button"
          button.className = "insert-figure"
          button.textContent = `Insert ${figure.display}`
          button.addEventListener("click", () => {
            values.set(figure.reference, figure.display)
            editor.chain().focus().insertContent(`${figure.reference} `).run()
          })
          const label = document.createElement("span")
          label.className = "figure-label"
          label.textContent = ` ${figure.label}`
          const sources = document.createElement("small")
          // A kept estimate says what it rests on; a figure its claims and sources.
          sources.textContent =
            figure.kind === "estimate"
              ? ` (${figure.details})`
              : ` (${figure.claims} claims; ${figure.sources.join("; ")}${
                  figure.warnings ? `; ${figure.warnings} warnings` : ""
                })`
          item.append(button, label, sources)
          list.append(item)
        }
        if (!data.figures.length) {
          const item = document.createElement("li")
          item.textContent = "No figure or kept estimate matches every word."
          list.append(item)
        }
      })
  }
  input.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(search, 250)
  })
  box.querySelector("button.search").addEventListener("click", search)
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      search()
    }
  })
}

function start(textarea) {
  const form = textarea.closest("form")
  const holder = document.createElement("div")
  holder.className = "prose-editor"
  textarea.before(holder)
  holder.append(textarea)
  const editor = new Editor({
    element: holder,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      Dropcursor,
      Gapcursor,
      History,
      Menu,
      Heading.configure({ levels: [2, 3] }),
      Bold,
      Italic,
      BulletList,
      OrderedList,
      ListItem,
      Blockquote,
      Link,
      FigureChips,
    ],
    onUpdate({ editor }) {
      const html = editor.getHTML()
      textarea.value = html === "<p></p>" ? "" : html
      askValues(editor, valuesUrl(form))
    },
  })
  holder.classList.add("ready")
  askValues(editor, valuesUrl(form))
  picker(form, editor)
}

for (const textarea of document.querySelectorAll("textarea.rich-body")) start(textarea)
