/* The library's search box: Pagefind's index of the web editions (pagefind/, made at build time),
   searched in the browser; no server. Written for the site's own page (search.html.j2) rather than
   Pagefind's ready-made UI, whose stylesheet and markup would have to be restyled for the brand,
   dark mode and the accessibility checks anyway: this is the small part around Pagefind's API.

   The page works without it: its notice says search needs JavaScript and lists topics and years.
   Opened from disk (file://), browsers refuse to let the page read the index: the notice says so.
   Each language has its own index; a page searches the index of its own `lang` (Pagefind's rule). */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var show = function (id) {
    document.getElementById("search-nojs").hidden = true;
    document.getElementById(id).hidden = false;
  };
  if (location.protocol === "file:") {
    show("search-file");
    return;
  }
  var input = document.getElementById("search-input");
  var button = document.getElementById("search-button");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var others = document.querySelectorAll("a.search-language");
  var bundle = new URL(box.getAttribute("data-bundle"), location.href);
  var pagefind = null;
  var latest = 0;
  var total = 0;

  document.getElementById("search-unavailable").hidden = true;
  box.hidden = false;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (module) {
        // Result URLs relative to the site's folder, wherever it is served from.
        return module.options({ baseUrl: new URL("..", bundle).pathname }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  function carry(query) {
    // The query goes along to the other languages' search pages and into this page's address.
    for (var i = 0; i < others.length; i++) {
      var link = new URL(others[i].href);
      if (query) link.searchParams.set("q", query);
      else link.searchParams.delete("q");
      others[i].href = link.href;
    }
    var here = new URL(location.href);
    if (query) here.searchParams.set("q", query);
    else here.searchParams.delete("q");
    history.replaceState(null, "", here.href);
  }

  function say(count) {
    var text = count === 0 ? box.getAttribute("data-none")
      : count === 1 ? box.getAttribute("data-found-one")
      : box.getAttribute("data-found").replace("{count}", String(count));
    status.textContent = text;
  }

  function row(data) {
    var item = document.createElement("li");
    item.className = "row";
    var link = document.createElement("a");
    link.className = "row-title";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    item.appendChild(link);
    if (data.meta && data.meta.date) {
      var date = document.createElement("span");
      date.className = "row-meta";
      date.textContent = data.meta.date;
      item.appendChild(date);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "row-excerpt";
    // Pagefind's excerpt is the page's text, escaped, with <mark> around the words found.
    excerpt.innerHTML = data.excerpt;
    item.appendChild(excerpt);
    return item;
  }

  function run() {
    var query = input.value.trim();
    var mine = ++latest;
    carry(query);
    if (!query) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    load().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (mine !== latest || !found) return null;
      total = found.results.length;
      return Promise.all(found.results.slice(0, 50).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (mine !== latest || !pages) return;
      results.replaceChildren.apply(results, pages.map(row));
      say(total);
    }).catch(function () {
      box.hidden = true;
      document.getElementById("search-unavailable").hidden = false;
      show("search-failed");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(timer);
      run();
    }
  });
  button.addEventListener("click", run);
  var asked = new URL(location.href).searchParams.get("q");
  if (asked) {
    input.value = asked;
    run();
  }
})();
