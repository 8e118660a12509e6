/*
 * Search pipelines, browser half: the same named steps as generator/search/pipelines.py,
 * registered with lunr.Pipeline.registerFunction under the labels the index was built with.
 * A factory of (lunr, sastrawijs) so that node can load it in the tests as the browser does.
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

  /* Register every step the index's meta names; stop-word lists come from meta.json. */
  function registerAll (meta) {
    register(trimmer, 'trimmer-unicode')
    register(cjkBigrams, 'bigram-cjk')
    Object.keys(meta.stopWords || {}).forEach(function (label) {
      register(lunr.generateStopWordFilter(meta.stopWords[label]), label)
    })
    if (sastrawijs) {
      var stemmer = new sastrawijs.Stemmer()
      var cache = Object.create(null)
      register(function (token) {
        return token.update(function (word) {
          if (!ASCII_WORD.test(word)) return word
          if (!(word in cache)) cache[word] = stemmer.stem(word)
          return cache[word]
        })
      }, 'stemmer-id')
    }
  }

  /* The index terms of a text for a language's pipeline, as the build computed them. */
  function terms (labels, text) {
    var pipeline = lunr.Pipeline.load(labels)
    return pipeline.run(lunr.tokenizer(text)).map(String)
  }

  return { registerAll: registerAll, terms: terms, trim: trim, splitCjk: splitCjk }
})
