/*
 * The search page: loads the index only once a query is typed (or given as ?q=), fetches only
 * the index partitions holding the query's terms and the display records of the hits shown.
 * File layout: generator/search/__init__.py. Every URL is relative to the site root given in the
 * form's data-root, so the site works at a domain root and under a sub-path alike.
 */
(function () {
  'use strict'

  var FORMAT_VERSION = 3
  var PAGE_SIZE = 10
  var DEBOUNCE_MS = 200

  var form = document.getElementById('search-form')
  if (!form) return
  var input = form.querySelector('input[name="q"]')
  var languageFilter = form.querySelector('select[name="lang"]')
  var sourceFilter = form.querySelector('select[name="source"]')
  var status = document.getElementById('search-status')
  var list = document.getElementById('search-results')
  var more = document.getElementById('search-more')
  var siteRoot = new URL(form.getAttribute('data-root') || './', document.baseURI)

  function siteUrl (path) {
    return new URL(path, siteRoot).href
  }

  function fetchJson (path) {
    return fetch(siteUrl(path)).then(function (response) {
      if (!response.ok) throw new Error(path + ': HTTP ' + response.status)
      return response.json()
    })
  }

  function loadScript (path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script')
      script.src = siteUrl(path)
      script.async = false
      script.onload = resolve
      script.onerror = function () { reject(new Error(path + ' did not load')) }
      document.head.appendChild(script)
    })
  }

  /* The engine: meta, scripts, partitions and display chunks, each fetched once. */
  function Engine () {
    this.ready = null
    this.partitions = Object.create(null)
    this.indexes = Object.create(null)
    this.chunks = Object.create(null)
  }

  /* meta.json, lunr.js and pipelines.js, all requested at once (the scripts run in order). */
  Engine.prototype.start = function () {
    var engine = this
    if (!this.ready) {
      var scripts = Promise.all([
        loadScript('static/vendor/lunr/lunr.min.js'),
        loadScript('static/search/pipelines.js')
      ])
      this.ready = Promise.all([fetchJson('search/meta.json'), scripts]).then(function (loaded) {
        var meta = loaded[0]
        if (meta.version !== FORMAT_VERSION) throw new Error('unknown search index version ' + meta.version)
        engine.pipelines = window.newsSearchPipelines(window.lunr, null)
        engine.pipelines.registerAll(meta)
        engine.meta = meta
        return engine
      })
      this.ready.catch(function () { engine.ready = null })
    }
    return this.ready
  }

  /*
   * A language's browser stemmer, loaded the first time a query has a word the archive lacks:
   * sastrawijs (90 KB gzipped) for Indonesian, lunr-languages' Snowball stemmer for the others.
   */
  Engine.prototype.stemmer = function (lang) {
    var engine = this
    this.stemmers = this.stemmers || Object.create(null)
    if (!this.stemmers[lang]) {
      var loaded
      if (lang === 'id') {
        loaded = loadScript('static/vendor/sastrawijs/sastrawijs.umd.js').then(function () {
          engine.pipelines.useSastrawi(window.sastrawijs)
        })
      } else {
        loaded = (window.lunr.stemmerSupport ? Promise.resolve() : loadScript('static/vendor/lunr-languages/lunr.stemmer.support.min.js'))
          .then(function () { return loadScript('static/vendor/lunr-languages/lunr.' + lang + '.min.js') })
      }
      this.stemmers[lang] = loaded
      loaded.catch(function () { delete engine.stemmers[lang] })
    }
    return this.stemmers[lang]
  }

  /* Word-table partition of a language (see generator/search/words.py), fetched once. */
  Engine.prototype.words = function (lang, number) {
    var key = lang + '/words/' + number
    var engine = this
    if (!this.partitions[key]) {
      this.partitions[key] = fetchJson('search/' + key + '.json').then(function (table) {
        engine.pipelines.addStems(lang, table)
        return table
      })
      this.partitions[key].catch(function () { delete engine.partitions[key] })
    }
    return this.partitions[key]
  }

  /*
   * Make the stems of a query's words known before its terms are computed: the build's stems
   * from the word tables, and a language's browser stemmer only if a word is in none of them
   * and the stemmer could change it.
   */
  Engine.prototype.prepareWords = function (text, languages) {
    var engine = this
    var lookups = []
    var words = []
    languages.forEach(function (lang) {
      var spec = engine.meta.languages[lang]
      if (!spec.words || !spec.words.length) return
      engine.pipelines.stemmerInputs(spec.pipeline, text).forEach(function (word) {
        words.push([lang, word])
        lookups.push(engine.words(lang, partitionOf(spec.words, word)))
      })
    })
    return Promise.all(lookups).then(function () {
      var needed = unique(words.filter(function (entry) {
        return engine.pipelines.needsStemmer(entry[0], entry[1])
      }).map(function (entry) { return entry[0] }))
      return Promise.all(needed.map(function (lang) { return engine.stemmer(lang) }))
    })
  }

  /* Partition holding a term: the last whose first term is not after it (JS string order). */
  function partitionOf (firstTerms, term) {
    var low = 0
    var high = firstTerms.length - 1
    while (low < high) {
      var middle = (low + high + 1) >> 1
      if (firstTerms[middle] <= term) low = middle
      else high = middle - 1
    }
    return low
  }

  /* Partition n of a shard's index, as fetched (once). */
  Engine.prototype.partition = function (lang, shard, number) {
    var key = lang + '/' + shard + '/' + number
    var engine = this
    if (!this.partitions[key]) {
      this.partitions[key] = fetchJson('search/' + key + '.json')
      this.partitions[key].catch(function () { delete engine.partitions[key] })
    }
    return this.partitions[key]
  }

  /* The lunr index of one term of a shard, from the partition holding it (built once). */
  Engine.prototype.termIndex = function (lang, shard, term) {
    var key = lang + '/' + shard + ' ' + term
    var engine = this
    var meta = this.meta
    var spec = meta.languages[lang]
    if (!this.indexes[key]) {
      var number = partitionOf(spec.shards[shard].partitions, term)
      this.indexes[key] = this.partition(lang, shard, number).then(function (data) {
        var serialised = engine.pipelines.expandPartition(data, meta.fields, spec.pipeline, meta.lunr, lang, [term])
        return window.lunr.Index.load(serialised)
      })
      this.indexes[key].catch(function () { delete engine.indexes[key] })
    }
    return this.indexes[key]
  }

  /* The display record of a hit, from its shard's chunk of records (fetched once). */
  Engine.prototype.record = function (hit) {
    var meta = this.meta
    var key = hit.lang + '/' + hit.shard + '/docs/' + Math.floor(hit.number / meta.docsPerChunk)
    if (!this.chunks[key]) this.chunks[key] = fetchJson('search/' + key + '.json')
    return this.chunks[key].then(function (records) {
      var values = records[hit.number % meta.docsPerChunk]
      var record = {}
      meta.docFields.forEach(function (field, i) { record[field] = values[i] })
      return record
    })
  }

  /* Words of a query: "-word" excludes, everything else is sought. */
  function parseQuery (text) {
    var wanted = []
    var excluded = []
    text.split(/\s+/).forEach(function (word) {
      if (word.length > 1 && word.charAt(0) === '-') excluded.push(word.slice(1))
      else if (word) wanted.push(word)
    })
    return { wanted: wanted.join(' '), excluded: excluded.join(' ') }
  }

  function unique (values) {
    return values.filter(function (value, i) { return values.indexOf(value) === i })
  }

  /*
   * Hits over every language index: one lunr query per term in the partition holding it,
   * scores added up per document. Documents matching more of the query's terms come first.
   */
  Engine.prototype.search = function (text, filters) {
    var engine = this
    var meta = this.meta
    var parsed = parseQuery(text)
    var languages = Object.keys(meta.languages).filter(function (lang) {
      return !filters.lang || filters.lang === lang
    })
    return this.prepareWords(parsed.wanted + ' ' + parsed.excluded, languages).then(function () {
      return engine.lookUp(parsed, languages, filters)
    })
  }

  /*
   * One lunr query per term and shard, in the partition holding the term; a document's scores
   * are added up over the terms, and documents matching more of the query's terms come first.
   */
  Engine.prototype.lookUp = function (parsed, languages, filters) {
    var engine = this
    var meta = this.meta
    var queryTerms = Object.create(null)
    var lookups = []
    languages.forEach(function (lang) {
      var spec = meta.languages[lang]
      var wanted = unique(engine.pipelines.terms(spec.pipeline, parsed.wanted))
      var excluded = unique(engine.pipelines.terms(spec.pipeline, parsed.excluded))
      queryTerms[lang] = wanted
      unique(wanted.concat(excluded)).forEach(function (term) {
        spec.shards.forEach(function (shard, s) {
          var range = sourceRange(shard, filters.source)
          if (range && range[0] === range[1]) return
          var lookup = engine.termIndex(lang, s, term).then(function (index) {
            var results = index.query(function (query) { query.term(term, { usePipeline: false }) })
            return {
              lang: lang,
              shard: s,
              term: term,
              range: range,
              excluded: excluded.indexOf(term) >= 0 && wanted.indexOf(term) < 0,
              withTerm: documentsWithTerm(index.invertedIndex[term]),
              results: results
            }
          })
          lookups.push(lookup)
        })
      })
    })
    return Promise.all(lookups).then(function (answers) {
      var hits = Object.create(null)
      var banned = Object.create(null)
      var withTerm = Object.create(null)
      answers.forEach(function (answer) {
        var key = answer.lang + ' ' + answer.term
        withTerm[key] = (withTerm[key] || 0) + answer.withTerm
      })
      answers.forEach(function (answer) {
        var spec = meta.languages[answer.lang]
        var shardIdf = idf(answer.withTerm, spec.shards[answer.shard].docs)
        var scale = shardIdf > 0 ? idf(withTerm[answer.lang + ' ' + answer.term], spec.docs) / shardIdf : 1
        answer.results.forEach(function (result) {
          var number = parseInt(result.ref, 36)
          if (answer.range && (number < answer.range[0] || number >= answer.range[1])) return
          var key = answer.lang + '/' + answer.shard + '/' + result.ref
          if (answer.excluded) {
            banned[key] = true
            return
          }
          var hit = hits[key] || (hits[key] = {
            key: key, lang: answer.lang, shard: answer.shard, number: number, score: 0, matched: 0
          })
          hit.score += result.score * scale
          hit.matched += 1
        })
      })
      var ranked = Object.keys(hits).filter(function (key) { return !banned[key] }).map(function (key) {
        return hits[key]
      })
      ranked.sort(function (a, b) {
        return b.matched - a.matched || b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
      })
      return { hits: ranked, terms: queryTerms }
    })
  }

  /*
   * lunr's idf (lunr.idf: a document counts once per field holding the term). A shard's scores
   * carry its own idf; rescaled to the idf over all the language's shards, they rank as one
   * index over the whole archive would (generator/search/shards.py).
   */
  function idf (withTerm, documents) {
    return Math.log(1 + Math.abs((documents - withTerm + 0.5) / (withTerm + 0.5)))
  }

  function documentsWithTerm (posting) {
    if (!posting) return 0
    return Object.keys(posting).reduce(function (count, field) {
      return field === '_index' ? count : count + Object.keys(posting[field]).length
    }, 0)
  }

  /* The refs of a source's documents in a shard ([start, end)), or null for every source. */
  function sourceRange (shard, source) {
    if (!source) return null
    for (var i = 0; i < shard.sources.length; i++) {
      var entry = shard.sources[i]
      if (entry[0] === source) return [entry[1], entry[1] + entry[2]]
    }
    return [0, 0]
  }

  /* Text with the words whose index terms the query sought wrapped in <mark>. */
  function highlighted (engine, lang, text, terms) {
    var fragment = document.createDocumentFragment()
    var spec = engine.meta.languages[lang]
    if (!spec || !terms || !terms.length) {
      fragment.appendChild(document.createTextNode(text))
      return fragment
    }
    text.split(/([\s\-]+)/).forEach(function (piece) {
      var hit = piece && !/^[\s\-]+$/.test(piece) && engine.pipelines.terms(spec.pipeline, piece).some(function (term) {
        return terms.indexOf(term) >= 0
      })
      if (hit) {
        var mark = document.createElement('mark')
        mark.textContent = piece
        fragment.appendChild(mark)
      } else {
        fragment.appendChild(document.createTextNode(piece))
      }
    })
    return fragment
  }

  function renderHit (engine, record, terms) {
    var item = document.createElement('li')
    item.className = 'search-hit'
    item.lang = record.lang
    var heading = document.createElement('h2')
    var link = document.createElement('a')
    link.href = siteUrl(record.url)
    link.appendChild(highlighted(engine, record.lang, record.title, terms[record.lang]))
    heading.appendChild(link)
    item.appendChild(heading)
    var details = document.createElement('p')
    details.className = 'search-hit-meta'
    if (record.source) {
      var source = document.createElement('span')
      source.textContent = record.source
      details.appendChild(source)
    }
    if (record.date) {
      if (record.source) details.appendChild(document.createTextNode(' · '))
      var time = document.createElement('time')
      time.dateTime = record.date
      time.textContent = record.dateText
      details.appendChild(time)
    }
    item.appendChild(details)
    if (record.summary) {
      var snippet = document.createElement('p')
      snippet.className = 'search-hit-snippet'
      snippet.appendChild(highlighted(engine, record.lang, record.summary, terms[record.lang]))
      item.appendChild(snippet)
    }
    return item
  }

  var engine = new Engine()
  var sequence = 0
  var current = null
  var shown = 0
  var timer = null

  function setStatus (text, isError) {
    status.textContent = text
    status.classList.toggle('search-error', !!isError)
  }

  // The page's messages, translated by the template: {query}, {count} and {error} are filled in.
  function message (name, values) {
    var text = form.dataset[name] || ''
    Object.keys(values || {}).forEach(function (key) {
      text = text.split('{' + key + '}').join(values[key])
    })
    return text
  }

  function filters () {
    return {
      lang: languageFilter && !languageFilter.hidden ? languageFilter.value : '',
      source: sourceFilter && !sourceFilter.hidden ? sourceFilter.value : ''
    }
  }

  function fillFilter (select, values, label, wanted) {
    if (!select || values.length < 2) return
    values.forEach(function (value) {
      var option = document.createElement('option')
      option.value = value
      option.textContent = label(value)
      select.appendChild(option)
    })
    select.value = values.indexOf(wanted) >= 0 ? wanted : ''
    select.hidden = false
    if (select.labels) Array.prototype.forEach.call(select.labels, function (element) { element.hidden = false })
  }

  var languageNames = null
  function languageName (code) {
    try {
      languageNames = languageNames || new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'language' })
      return languageNames.of(code) || code
    } catch (error) {
      return code
    }
  }

  var filtersFilled = false
  function setUpFilters (meta, params) {
    if (filtersFilled) return
    filtersFilled = true
    fillFilter(languageFilter, Object.keys(meta.languages), languageName, params.get('lang'))
    fillFilter(sourceFilter, meta.sources, function (name) { return name }, params.get('source'))
  }

  function updateUrl (text) {
    var params = new URLSearchParams()
    if (text) params.set('q', text)
    var chosen = filters()
    if (text && chosen.lang) params.set('lang', chosen.lang)
    if (text && chosen.source) params.set('source', chosen.source)
    var query = params.toString()
    history.replaceState(null, '', query ? '?' + query : location.pathname)
  }

  function showMore () {
    var mine = sequence
    var page = current.hits.slice(shown, shown + PAGE_SIZE)
    shown += page.length
    more.hidden = true
    return Promise.all(page.map(function (hit) { return engine.record(hit) })).then(function (records) {
      if (mine !== sequence) return
      records.forEach(function (record) { list.appendChild(renderHit(engine, record, current.terms)) })
      more.hidden = shown >= current.hits.length
    })
  }

  function run (text) {
    var mine = ++sequence
    updateUrl(text)
    if (!text) {
      list.replaceChildren()
      more.hidden = true
      setStatus('')
      return Promise.resolve()
    }
    setStatus(message('searching'))
    return engine.start().then(function () {
      setUpFilters(engine.meta, new URLSearchParams(location.search))
      return engine.search(text, filters())
    }).then(function (answer) {
      if (mine !== sequence) return
      current = answer
      shown = 0
      list.replaceChildren()
      return (answer.hits.length ? showMore() : Promise.resolve()).then(function () {
        if (mine !== sequence) return
        var count = answer.hits.length
        var name = count === 0 ? 'noResults' : count === 1 ? 'oneResult' : 'results'
        setStatus(message(name, { query: text, count: count }))
      })
    }).catch(function (error) {
      if (mine !== sequence) return
      list.replaceChildren()
      more.hidden = true
      setStatus(message('unavailable', { error: error.message }), true)
    })
  }

  function schedule () {
    clearTimeout(timer)
    timer = setTimeout(function () { run(input.value.trim()) }, DEBOUNCE_MS)
  }

  function links () {
    return Array.prototype.slice.call(list.querySelectorAll('.search-hit a'))
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault()
    clearTimeout(timer)
    run(input.value.trim())
  })
  input.addEventListener('input', schedule)
  /* Someone who focuses the search box is about to search: fetch the engine meanwhile. */
  input.addEventListener('focus', function () { engine.start().catch(function () {}) }, { once: true })
  if (languageFilter) languageFilter.addEventListener('change', function () { run(input.value.trim()) })
  if (sourceFilter) sourceFilter.addEventListener('change', function () { run(input.value.trim()) })
  more.addEventListener('click', function () { showMore() })

  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' && links().length) {
      event.preventDefault()
      links()[0].focus()
    }
  })
  list.addEventListener('keydown', function (event) {
    var all = links()
    var at = all.indexOf(document.activeElement)
    if (at < 0) return
    if (event.key === 'ArrowDown' && at + 1 < all.length) {
      event.preventDefault()
      all[at + 1].focus()
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      if (at === 0) input.focus()
      else all[at - 1].focus()
    } else if (event.key === 'Escape') {
      input.focus()
    }
  })

  form.classList.add('search-ready')
  var initial = new URLSearchParams(location.search).get('q')
  if (initial) {
    input.value = initial
    run(initial.trim())
  }
})()
