// TransactWriteItems for dynalite, which does not implement it (architect/dynalite issue 151, open): the platform
// moves a prompt label, writes its audit record and changes the experiment in one transaction, and the local
// stand-in must enforce the contract the code relies on, not accept whatever it is sent.
//
// The contract, from https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html and
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html:
// - 1 to 100 actions (Put, Update, Delete, ConditionCheck; exactly one per entry), in one or more tables; no two
//   actions on the same item; items of at most 4 MB together; a ConditionCheck needs a ConditionExpression.
// - All or nothing: when any condition fails, nothing is written and the answer is TransactionCanceledException with
//   one CancellationReason per action, in request order (Code ConditionalCheckFailed or None; the old item with
//   ReturnValuesOnConditionCheckFailure=ALL_OLD).
// - ClientRequestToken (1-36 characters; the Java SDK sends one on every call): the same token and parameters
//   within 10 minutes of a completed call change nothing again; the same token with other parameters is
//   IdempotentParameterMismatchException.
// - ReturnConsumedCapacity: transactional writes cost two underlying writes per item (1 KB units of the larger of
//   the old and new item); a ConditionCheck two reads (4 KB units).
//
// Isolation: the locks dynalite's own item actions take are held on every item of the transaction (acquired in one
// order: table name, then key) from the first condition check to the last write, so no other request sees or
// writes a half-applied transaction. The writes themselves go through dynalite's PutItem/UpdateItem/DeleteItem code
// (items and indexes kept as dynalite keeps them); an Update is first applied to a copy, so an update that would
// fail (item too large, wrong operand type) cancels the transaction before anything is written. Not modelled: a
// crash of this process half way through the writes (local mode's data directory could then hold part of one
// transaction), and TransactionConflict cancellations (requests wait for the locks instead).

const crypto = require('crypto')
const path = require('path')

const DYNALITE = path.dirname(require.resolve('dynalite/package.json'))
const db = require(path.join(DYNALITE, 'db'))
const validations = require(path.join(DYNALITE, 'validations'))
const crc32 = require(require.resolve('buffer-crc32', { paths: [ DYNALITE ] }))
const actions = {
  Put: require(path.join(DYNALITE, 'actions', 'putItem')),
  Update: require(path.join(DYNALITE, 'actions', 'updateItem')),
  Delete: require(path.join(DYNALITE, 'actions', 'deleteItem')),
}
const checks = {
  Put: require(path.join(DYNALITE, 'validations', 'putItem')),
  Update: require(path.join(DYNALITE, 'validations', 'updateItem')),
  Delete: require(path.join(DYNALITE, 'validations', 'deleteItem')),
  ConditionCheck: require(path.join(DYNALITE, 'validations', 'deleteItem')),
}
// The members each action takes in a transaction (TransactWriteItem's Put, Update, Delete, ConditionCheck).
const MEMBERS = {
  Put: [ 'TableName', 'Item', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
  Update: [ 'TableName', 'Key', 'UpdateExpression', 'ConditionExpression', 'ExpressionAttributeNames',
    'ExpressionAttributeValues' ],
  Delete: [ 'TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
  ConditionCheck: [ 'TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames',
    'ExpressionAttributeValues' ],
}
const MAX_ACTIONS = 100
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
const TOKEN_WINDOW_MS = 10 * 60 * 1000
const TARGET = 'DynamoDB_20120810.TransactWriteItems'

/** Captures the store dynalite creates, so the transaction works on the same tables and locks. */
function captureStore () {
  const captured = {}
  const create = db.create
  db.create = function (options) {
    captured.store = create(options)
    db.create = create
    return captured.store
  }
  return captured
}

/** Answers TransactWriteItems on {@code server}; every other request goes to dynalite as before. */
function install (server, store) {
  const tokens = new Map()
  const dynaliteHandlers = server.listeners('request')
  server.removeAllListeners('request')
  server.on('request', (req, res) => {
    if (req.method === 'POST' && req.headers['x-amz-target'] === TARGET) {
      return handle(req, res, store, tokens)
    }
    dynaliteHandlers.forEach(h => h.call(server, req, res))
  })
}

function handle (req, res, store, tokens) {
  const chunks = []
  req.on('data', c => chunks.push(c))
  req.on('end', () => {
    let data
    try {
      data = JSON.parse(Buffer.concat(chunks).toString() || '{}')
    }
    catch {
      return send(res, 400, { __type: 'com.amazon.coral.service#SerializationException' })
    }
    transact(store, tokens, data, (err, answer) => {
      if (err) return send(res, err.statusCode || 500, err.body || { __type: 'InternalFailure', message: String(err) })
      send(res, 200, answer)
    })
  })
}

function send (res, status, body) {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('x-amzn-RequestId', crypto.randomBytes(39).toString('base64').toUpperCase().replace(/\+|\//g, '0'))
  res.setHeader('x-amz-crc32', crc32.unsigned(text))
  res.setHeader('Content-Type', 'application/x-amz-json-1.0')
  res.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'))
  res.end(text)
}

function error (type, message) {
  const err = new Error(message)
  err.statusCode = 400
  err.body = { __type: 'com.amazonaws.dynamodb.v20120810#' + type, message }
  return err
}

function transact (store, tokens, data, cb) {
  let parsed
  try {
    parsed = parse(data, store)
  }
  catch (err) {
    return cb(err)
  }
  const token = data.ClientRequestToken
  const digest = crypto.createHash('sha256').update(JSON.stringify([ data.TransactItems,
    data.ReturnConsumedCapacity || 'NONE' ])).digest('hex')
  const seen = token == null ? null : tokens.get(token)
  if (seen && Date.now() - seen.at < TOKEN_WINDOW_MS) {
    if (seen.digest !== digest) {
      return cb(error('IdempotentParameterMismatchException',
        'The request uses the same client token as a previous, but non-identical request.'))
    }
    return cb(null, {})
  }
  resolveTables(store, parsed, err => {
    if (err) return cb(err)
    keyAll(parsed, err => {
      if (err) return cb(err)
      lockAll(store, parsed, release => {
        run(store, parsed, data.ReturnConsumedCapacity, (err, answer) => {
          release()
          if (!err && token != null) tokens.set(token, { digest, at: Date.now() })
          cb(err, answer)
        })
      })
    })
  })
}

/** Checks the request's shape and each action as dynalite checks the single-item action it stands for. */
function parse (data, store) {
  const items = data.TransactItems
  if (!Array.isArray(items)) {
    throw db.validationError('The parameter \'TransactItems\' is required but was not present in the request')
  }
  if (items.length < 1 || items.length > MAX_ACTIONS) {
    throw db.validationError('1 validation error detected: Value at \'transactItems\' failed to satisfy constraint: '
      + 'Member must have length ' + (items.length < 1 ? 'greater than or equal to 1' : 'less than or equal to '
      + MAX_ACTIONS))
  }
  if (data.ClientRequestToken != null && (typeof data.ClientRequestToken !== 'string'
      || data.ClientRequestToken.length < 1 || data.ClientRequestToken.length > 36)) {
    throw db.validationError('1 validation error detected: Value at \'clientRequestToken\' failed to satisfy '
      + 'constraint: Member must have length less than or equal to 36')
  }
  let bytes = 0
  return items.map((entry, i) => {
    const kinds = Object.keys(entry || {}).filter(k => MEMBERS[k] && entry[k] != null)
    if (kinds.length !== 1) {
      throw db.validationError('TransactItems can only contain one of Check, Put, Update or Delete')
    }
    const kind = kinds[0]
    const given = entry[kind]
    const returnOld = given.ReturnValuesOnConditionCheckFailure
    if (returnOld != null && returnOld !== 'ALL_OLD' && returnOld !== 'NONE') {
      throw db.validationError('1 validation error detected: Value \'' + returnOld + '\' at \'transactItems.'
        + (i + 1) + '.member.' + kind.charAt(0).toLowerCase() + kind.slice(1)
        + '.returnValuesOnConditionCheckFailure\' failed to satisfy constraint: Member must satisfy enum value set:'
        + ' [ALL_OLD, NONE]')
    }
    if (kind === 'ConditionCheck' && !given.ConditionExpression) {
      throw db.validationError('The parameter \'ConditionExpression\' is required but was not present in the request')
    }
    const action = {}
    MEMBERS[kind].forEach(m => {
      if (given[m] != null) action[m] = given[m]
    })
    const check = checks[kind]
    const typed = validations.checkTypes(action, check.types)
    validations.checkValidations(typed, check.types, check.custom, store)
    if (kind === 'Put') bytes += db.itemSize(typed.Item)
    if (bytes > MAX_TRANSACTION_BYTES) {
      throw db.validationError('Transaction size has exceeded the maximum allowed size of 4 MB')
    }
    return { kind, data: typed, returnOld: returnOld === 'ALL_OLD' }
  })
}

function resolveTables (store, parsed, cb) {
  let pending = parsed.length
  let failed = false
  parsed.forEach(p => store.getTable(p.data.TableName, (err, table) => {
    if (failed) return
    if (err) {
      failed = true
      return cb(err)
    }
    p.table = table
    if (--pending === 0) cb()
  }))
}

function keyAll (parsed, cb) {
  const seen = new Set()
  for (const p of parsed) {
    const invalid = p.kind === 'Put' ? db.validateItem(p.data.Item, p.table) : db.validateKey(p.data.Key, p.table)
    if (invalid) return cb(invalid)
    p.key = db.createKey(p.kind === 'Put' ? p.data.Item : p.data.Key, p.table)
    const id = p.data.TableName + '\u0000' + p.key
    if (seen.has(id)) {
      return cb(db.validationError('Transaction request cannot include multiple operations on one item'))
    }
    seen.add(id)
  }
  cb()
}

/** Takes dynalite's item locks on every item, table by table in name order, keys in order within a table. */
function lockAll (store, parsed, cb) {
  const byTable = new Map()
  parsed.forEach(p => {
    if (!byTable.has(p.data.TableName)) byTable.set(p.data.TableName, [])
    byTable.get(p.data.TableName).push(p.key)
  })
  const tables = [ ...byTable.keys() ].sort()
  const releases = []
  const next = i => {
    if (i === tables.length) {
      return cb(() => releases.reverse().forEach(r => r()))
    }
    store.getItemDb(tables[i]).lock(byTable.get(tables[i]).sort(), release => {
      releases.push(release(() => {}))
      next(i + 1)
    })
  }
  next(0)
}

function run (store, parsed, returnCapacity, cb) {
  readAll(store, parsed, err => {
    if (err) return cb(err)
    const reasons = parsed.map(p => {
      if (db.checkConditional(p.data, p.existing) == null) return { Code: 'None' }
      const reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
      if (p.returnOld && p.existing) reason.Item = p.existing
      return reason
    })
    if (reasons.some(r => r.Code !== 'None')) {
      const err = new Error('cancelled')
      err.statusCode = 400
      err.body = {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons ['
          + reasons.map(r => r.Code).join(', ') + ']',
        CancellationReasons: reasons,
      }
      return cb(err)
    }
    rehearseUpdates(store, parsed, err => {
      if (err) return cb(err)
      writeAll(store, parsed, err => {
        if (err) return cb(err)
        cb(null, capacity(parsed, returnCapacity))
      })
    })
  })
}

function readAll (store, parsed, cb) {
  let pending = parsed.length
  let failed = false
  parsed.forEach(p => store.getItemDb(p.data.TableName).get(p.key, (err, item) => {
    if (failed) return
    if (err && err.name !== 'NotFoundError') {
      failed = true
      return cb(err)
    }
    p.existing = item || undefined
    if (--pending === 0) cb()
  }))
}

/** Applies each Update to a copy of its item, writing nothing: what fails here cancels the transaction. */
function rehearseUpdates (store, parsed, cb) {
  const updates = parsed.filter(p => p.kind === 'Update')
  const next = i => {
    if (i === updates.length) return cb()
    const p = updates[i]
    actions.Update(lockHeld(store, item => { p.updated = item }), clone(p.data), err => {
      if (err) return cb(err)
      next(i + 1)
    })
  }
  next(0)
}

/** Runs dynalite's own actions one after another, under the locks this transaction already holds. */
function writeAll (store, parsed, cb) {
  const writes = parsed.filter(p => p.kind !== 'ConditionCheck')
  const next = i => {
    if (i === writes.length) return cb()
    actions[writes[i].kind](lockHeld(store), writes[i].data, err => {
      if (err) return cb(err)
      next(i + 1)
    })
  }
  next(0)
}

/**
 * The store as seen from inside the transaction: item locks are already held, so taking one again passes straight
 * through. With {@code capture}, item writes are handed to it and index writes dropped (a rehearsal).
 */
function lockHeld (store, capture) {
  const view = Object.create(store)
  view.getItemDb = name => {
    const itemDb = Object.create(store.getItemDb(name))
    itemDb.lock = (key, fn) => fn(done => done)
    if (capture) {
      itemDb.put = (key, item, done) => {
        capture(item)
        setImmediate(done)
      }
    }
    return itemDb
  }
  if (capture) {
    view.getIndexDb = () => ({ put: (k, v, done) => setImmediate(done), del: (k, done) => setImmediate(done) })
  }
  return view
}

function capacity (parsed, returnCapacity) {
  if (returnCapacity !== 'TOTAL' && returnCapacity !== 'INDEXES') return {}
  const byTable = new Map()
  parsed.forEach(p => {
    let units
    if (p.kind === 'ConditionCheck') {
      units = 2 * Math.max(1, Math.ceil(db.itemSize(p.existing || {}) / 4096))
    }
    else {
      const written = p.kind === 'Put' ? p.data.Item : p.kind === 'Update' ? p.updated : undefined
      const size = Math.max(db.itemSize(p.existing || {}), db.itemSize(written || {}))
      units = 2 * Math.max(1, Math.ceil(size / 1024))
    }
    byTable.set(p.data.TableName, (byTable.get(p.data.TableName) || 0) + units)
  })
  return {
    ConsumedCapacity: [ ...byTable.entries() ].map(([ TableName, units ]) => ({ TableName, CapacityUnits: units })),
  }
}

function clone (value) {
  return JSON.parse(JSON.stringify(value))
}

module.exports = { captureStore, install }
