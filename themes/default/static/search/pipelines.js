/*
 * Search pipelines, browser half: the same named steps as generator/search/pipelines.py,
 * registered with lunr.Pipeline.registerFunction under the labels the index was built with.
 * A factory of (lunr, sastrawijs) so that node can load it in the tests as the browser does;
 * the page gives no sastrawijs at first and hands it over with useSastrawi when a query needs it.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory
  } else {
    root.newsSearchPipelines = factory
  }
})(this, function (lunr, sastrawijs) {
  'use strict'

  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g
  var LEADING = /^[^\p{L}\p{N}\p{M}]+/u
  var TRAILING = /[^\p{L}\p{N}\p{M}]+$/u
  var ASCII_WORD = /^[a-z]+$/

  function trim (text) {
    return text.replace(LEADING, '').replace(TRAILING, '')
  }

  function splitCjk (text) {
    var pieces = []
    var position = 0
    var run
    CJK.lastIndex = 0
    while ((run = CJK.exec(text)) !== null) {
      pieces.push(trim(text.slice(position, run.index)))
      var chars = run[0]
      if (chars.length === 1) {
        pieces.push(chars)
      } else {
        for (var i = 0; i < chars.length - 1; i++) pieces.push(chars.slice(i, i + 2))
      }
      position = run.index + chars.length
    }
    pieces.push(trim(text.slice(position)))
    return pieces.filter(function (piece) { return piece !== '' })
  }

  function register (fn, label) {
    if (!lunr.Pipeline.registeredFunctions[label]) lunr.Pipeline.registerFunction(fn, label)
  }

  function trimmer (token) {
    token.update(trim)
    return token.toString() === '' ? undefined : token
  }

  function cjkBigrams (token) {
    return splitCjk(token.toString()).map(function (piece) {
      return token.clone(function () { return piece })
    })
  }

  /*
   * Table stemmers (Indonesian, and the Snowball languages of lunr-languages): the build's own
   * stem of every word of the archive (the word tables given to addStems, and the word forms
   * of loaded partitions), the browser's stemmer only for a word the archive does not contain.
   * That stemmer is loaded only when a query needs it (sastrawijs handed over by useSastrawi;
   * lunr-languages' files add lunr.<lang>.stemmer); until then an unknown word stays as it is.
   */
  var knownStems = Object.create(null)
  var sastrawiStemmer = null
  var browserStems = Object.create(null)

  function stemsOf (lang) {
    return knownStems[lang] || (knownStems[lang] = Object.create(null))
  }

  function useSastrawi (library) {
    if (library && !sastrawiStemmer) sastrawiStemmer = new library.Stemmer()
  }

  function addStems (lang, table) {
    var stems = stemsOf(lang)
    Object.keys(table).forEach(function (word) { stems[word] = table[word] })
  }

  /* The language whose table stemmer a pipeline step is ('stemmer-id', 'snowball-<lang>'). */
  function tableLanguage (label) {
    if (label === 'stemmer-id') return 'id'
    var match = /^snowball-(.+)$/.exec(label)
    return match ? match[1] : null
  }

  /*
   * Whether sastrawijs could stem a word to something else. It only strips suffixes, prefixes
   * (all beginning be, di, ke, ku, kau, me, pe, se or te) and the infixes el, em, er and in
   * after a first consonant, so any other word is its own stem and needs no stemmer
   * (tests/test_search_pipelines.py checks this against sastrawijs over the vocabularies).
   */
  var INDONESIAN_PREFIX = /^(be|di|ke|ku|kau|me|pe|se|te)|^[^aeiou](e[lmr]|in)[aeiou]/
  var INDONESIAN_SUFFIX = /(is|isme|i|kan|an|ku|mu|nya|lah|kah|tah|pun)$/

  /* Whether a query word of a table language needs the browser's stemmer (to be loaded). */
  function needsStemmer (lang, word) {
    if (word in stemsOf(lang)) return false
    if (lang !== 'id') return true
    return ASCII_WORD.test(word) && (INDONESIAN_PREFIX.test(word) || INDONESIAN_SUFFIX.test(word))
  }

  function browserStem (lang, word) {
    var cache = browserStems[lang] || (browserStems[lang] = Object.create(null))
    if (!(word in cache)) {
      if (lang === 'id') cache[word] = sastrawiStemmer.stem(word)
      else cache[word] = lunr[lang].stemmer(new lunr.Token(word)).toString()
    }
    return cache[word]
  }

  function tableStemmer (lang) {
    return function (token) {
      return token.update(function (word) {
        if (lang === 'id' && !ASCII_WORD.test(word)) return word
        var known = stemsOf(lang)[word]
        if (known !== undefined) return known
        var loaded = lang === 'id' ? sastrawiStemmer : lunr[lang] && lunr[lang].stemmer
        return loaded && needsStemmer(lang, word) ? browserStem(lang, word) : word
      })
    }
  }

  /* Register every step the meta's pipelines name; stop-word lists come from meta.json. */
  function registerAll (meta) {
    register(trimmer, 'trimmer-unicode')
    register(cjkBigrams, 'bigram-cjk')
    Object.keys(meta.stopWords || {}).forEach(function (label) {
      register(lunr.generateStopWordFilter(meta.stopWords[label]), label)
    })
    register(tableStemmer('id'), 'stemmer-id')
    Object.keys(meta.languages || {}).forEach(function (code) {
      meta.languages[code].pipeline.forEach(function (label) {
        var lang = tableLanguage(label)
        if (lang) register(tableStemmer(lang), label)
      })
    })
    useSastrawi(sastrawijs)
  }

  /*
   * The words of a text that a table stemmer would be given (the pipeline's steps before it):
   * the words to look up in the word table before stemming. None for other pipelines.
   */
  function stemmerInputs (labels, text) {
    var at = labels.map(tableLanguage).findIndex(function (lang) { return lang !== null })
    if (at < 0) return []
    var lang = tableLanguage(labels[at])
    var pipeline = lunr.Pipeline.load(labels.slice(0, at))
    return pipeline.run(lunr.tokenizer(text)).map(String).filter(function (word) {
      return lang !== 'id' || ASCII_WORD.test(word)
    })
  }

  /*
   * The serialised lunr 2.3.9 index a compact partition stands for (the layout is described in
   * generator/search/partitions.py, whose expand_partition is this function): terms numbered
   * from 0, refs in base 36, scores from thousandths. The partition's word forms (the archive's
   * words with each term as stem) become known stems, so hits highlight their words exactly.
   * With `only`, the index holds only those of the partition's terms: the page builds a small
   * lunr index per query term, whose scores are the same (a field's score is the dot product
   * of the query vector with the field vector, where other terms count for nothing).
   */
  function expandPartition (partition, fields, pipeline, version, lang, only) {
    var invertedIndex = []
    var vectors = Object.create(null)
    var refs = []
    partition.terms.forEach(function (term, position) {
      if (only && only.indexOf(term) < 0) return
      var local = invertedIndex.length
      var lists = partition.postings[position]
      var posting = { _index: local }
      fields.forEach(function (field, f) {
        var documents = {}
        var gaps = lists[2 * f]
        var scores = lists[2 * f + 1]
        var number = 0
        for (var i = 0; i < gaps.length; i++) {
          number += gaps[i]
          var ref = number.toString(36)
          documents[ref] = {}
          var fieldRef = field + '/' + ref
          if (!vectors[fieldRef]) {
            vectors[fieldRef] = []
            refs.push(fieldRef)
          }
          vectors[fieldRef].push(local, scores[i] / 1000)
        }
        posting[field] = documents
      })
      invertedIndex.push([term, posting])
    })
    if (partition.forms) {
      var stems = stemsOf(lang)
      partition.forms.forEach(function (words, local) {
        words.forEach(function (word) { stems[word] = partition.terms[local] })
      })
    }
    return {
      version: version,
      fields: fields.slice(),
      pipeline: pipeline.slice(),
      invertedIndex: invertedIndex,
      fieldVectors: refs.map(function (fieldRef) { return [fieldRef, vectors[fieldRef]] })
    }
  }

  /* The index terms of a text for a language's pipeline, as the build computed them. */
  function terms (labels, text) {
    var pipeline = lunr.Pipeline.load(labels)
    return pipeline.run(lunr.tokenizer(text)).map(String)
  }

  return {
    registerAll: registerAll,
    terms: terms,
    trim: trim,
    splitCjk: splitCjk,
    addStems: addStems,
    expandPartition: expandPartition,
    needsStemmer: needsStemmer,
    useSastrawi: useSastrawi,
    stemmerInputs: stemmerInputs
  }
})
