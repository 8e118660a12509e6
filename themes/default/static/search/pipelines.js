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
   * The Indonesian stemmer: the build's own stem of every word of the archive (the word tables
   * given to addStems), sastrawijs only for a word the archive does not contain. Without
   * sastrawijs (it is loaded only when a query needs it) an unknown word is left as it is.
   */
  var knownStems = Object.create(null)
  var sastrawiStemmer = null
  var sastrawiCache = Object.create(null)

  function useSastrawi (library) {
    if (library && !sastrawiStemmer) sastrawiStemmer = new library.Stemmer()
  }

  function addStems (table) {
    Object.keys(table).forEach(function (word) { knownStems[word] = table[word] })
  }

  function isKnown (word) {
    return word in knownStems
  }

  function stemIndonesian (word) {
    if (!ASCII_WORD.test(word)) return word
    if (word in knownStems) return knownStems[word]
    if (!sastrawiStemmer) return word
    if (!(word in sastrawiCache)) sastrawiCache[word] = sastrawiStemmer.stem(word)
    return sastrawiCache[word]
  }

  /* Register every step the index's meta names; stop-word lists come from meta.json. */
  function registerAll (meta) {
    register(trimmer, 'trimmer-unicode')
    register(cjkBigrams, 'bigram-cjk')
    Object.keys(meta.stopWords || {}).forEach(function (label) {
      register(lunr.generateStopWordFilter(meta.stopWords[label]), label)
    })
    register(function (token) { return token.update(stemIndonesian) }, 'stemmer-id')
    useSastrawi(sastrawijs)
  }

  /*
   * The words of a text that a table stemmer would be given (the pipeline's steps before it),
   * for the languages whose pipelines name one: the words to look up before stemming.
   */
  function stemmerInputs (labels, text) {
    var at = labels.indexOf('stemmer-id')
    if (at < 0) return []
    var pipeline = lunr.Pipeline.load(labels.slice(0, at))
    return pipeline.run(lunr.tokenizer(text)).map(String).filter(function (word) { return ASCII_WORD.test(word) })
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
    isKnown: isKnown,
    useSastrawi: useSastrawi,
    stemmerInputs: stemmerInputs
  }
})
