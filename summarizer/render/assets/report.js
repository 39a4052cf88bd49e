
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-spans]"));
  var bySpan = {};
  marks.forEach(function (m) {
    m.getAttribute("data-spans").split(" ").forEach(function (s) {
      (bySpan[s] = bySpan[s] || []).push(m);
    });
  });
  var status = document.getElementById("status");
  var current = null, cursor = 0;

  // Scroll only the pane that holds el, and only vertically: scrollIntoView would also move
  // the page and any horizontally scrollable table around it.
  function reveal(el, centre) {
    var pane = el.closest(".pane");
    if (!pane) { return; }
    var r = el.getBoundingClientRect(), b = pane.getBoundingClientRect();
    var head = pane.querySelector(".source-head");
    var top = b.top + (head ? head.offsetHeight : 0);
    if (centre) {
      pane.scrollTop += r.top - top - Math.max(0, (b.bottom - top - r.height) / 2);
    } else if (r.top < top || r.bottom > b.bottom) {
      pane.scrollTop += r.top - top - 24;
    }
  }

  function spansOf(item) {
    var s = item.getAttribute("data-spans");
    return s ? s.split(" ") : [];
  }
  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll(".is-active"), function (e) {
      e.classList.remove("is-active");
      e.classList.remove("flash");
    });
  }
  function select(item, spanToShow) {
    var spans = spansOf(item);
    if (spanToShow !== undefined) {
      cursor = Math.max(0, spans.indexOf(spanToShow));
    } else if (current === item && spans.length) {
      cursor = (cursor + 1) % spans.length;
    } else {
      cursor = 0;
    }
    current = item;
    clear();
    item.classList.add("is-active");
    var label = item.getAttribute("data-label") || "";
    if (!spans.length) {
      status.textContent = label + ": no evidence cited";
      return;
    }
    spans.forEach(function (s) {
      (bySpan[s] || []).forEach(function (m) { m.classList.add("is-active"); });
    });
    var target = bySpan[spans[cursor]] || [];
    if (target.length) {
      target.forEach(function (m) { void m.offsetWidth; m.classList.add("flash"); });
      reveal(target[0], true);
    }
    var sid = target.length ? target[0].getAttribute("data-sid-" + spans[cursor]) : "";
    status.textContent = label + ": sentence " + sid + " (" + (cursor + 1) + " of " + spans.length + ")" +
      (spans.length > 1 ? "; click again for the next" : "");
  }

  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest ? ev.target.closest("mark[data-items]") : null;
    if (mark) {
      var keys = mark.getAttribute("data-items").split(" ");
      var item = document.querySelector('.item[data-key="' + keys[0] + '"]');
      if (item) {
        select(item, mark.getAttribute("data-spans").split(" ")[0]);
        reveal(item, false);
      }
      return;
    }
    var it = ev.target.closest ? ev.target.closest(".item") : null;
    if (it) { select(it); }
  });
  document.addEventListener("keydown", function (ev) {
    var it = ev.target.closest ? ev.target.closest(".item") : null;
    if (it && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(it); }
    if (ev.key === "Escape") { clear(); current = null; status.textContent = status.getAttribute("data-idle"); }
  });
})();
