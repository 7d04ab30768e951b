// Loaded into Azurite's node process with --require, before Azurite itself.

const fs = require('fs');
const net = require('net');
const path = require('path');

// Azurite keeps its stores in memory and writes them to disk every 5 s, so a write it
// acknowledged lives only in this process until then. The Loki databases are remembered as they
// are created, so that they can be written out at once when the owner goes away.
const databases = new Set();
function saveAll() {
  return Promise.all([...databases].map(db => new Promise(resolve => {
    try {
      db.saveDatabase(() => resolve());
    } catch {
      resolve();
    }
  })));
}

try {
  const lokiPath = require.resolve('lokijs', { paths: [path.dirname(process.argv[1])] });
  const Loki = require(lokiPath);
  const configure = Loki.prototype.configureOptions;
  Loki.prototype.configureOptions = function configureOptions(...args) {
    databases.add(this);
    return configure.apply(this, args);
  };
} catch (error) {
  console.log(`ThiDua: stores not tracked (${error.message})`);
}

// When the launcher owns this process (THIDUA_AZURITE_OWNED=1), end of stdin means the owner is done
// or gone, even killed with SIGKILL: stop answering, write every store to disk, then exit.
// - Every connection is cut first, in the same tick as the stores are serialized: a request still
//   being handled can then no longer be acknowledged, so whatever a client saw acknowledged is in
//   what is saved (saving first would leave the write of a request answered during the save out).
// - Nothing may be written to stdout or stderr from then on: the owner that read them is gone, and an
//   EPIPE would end the process before its stores reach disk (how acknowledged writes were lost when
//   a host was killed).
// Run by hand (`thidua storage` or node directly) it stays up until Ctrl+C, which Azurite handles
// itself by closing its stores.
if (process.env.THIDUA_AZURITE_OWNED === '1') {
  const servers = new Set();
  const sockets = new Set();
  const emit = net.Server.prototype.emit;
  net.Server.prototype.emit = function trackConnections(event, ...args) {
    if (event === 'connection') {
      const socket = args[0];
      servers.add(this);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }

    return emit.call(this, event, ...args);
  };

  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => {});
  }

  process.stdin.on('end', () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
      console[method] = () => {};
    }

    for (const server of servers) {
      server.close();
    }

    for (const socket of sockets) {
      socket.destroy();
    }

    saveAll().finally(() => process.exit(0));
  });
  process.stdin.resume();
}

// The data folder names its Azurite in azurite.pid while it runs, so that a launcher on the same
// folder waits for this process to write its stores and exit instead of loading them half-saved.
const location = (() => {
  const index = process.argv.indexOf('--location');
  return index > 0 && !process.argv.includes('--inMemoryPersistence') ? process.argv[index + 1] : undefined;
})();
if (location !== undefined) {
  const pidFile = path.join(location, 'azurite.pid');
  try {
    fs.mkdirSync(location, { recursive: true });
    fs.writeFileSync(pidFile, String(process.pid));
    process.on('exit', () => {
      try {
        if (fs.readFileSync(pidFile, 'utf8') === String(process.pid)) {
          fs.unlinkSync(pidFile);
        }
      } catch {
        // Already gone.
      }
    });
  } catch (error) {
    console.log(`ThiDua: ${pidFile} not written (${error.message})`);
  }
}

// Two LokiJS paths Azurite takes rebuild every index of a collection, costing O(n log n) per call
// where one update would do; with the thousands of queue messages and extents a task hub leaves
// behind, Azurite spent most of its time there:
// - every queue operation first clears expired messages with remove([]) even when none expired,
//   and a batch removal (even an empty one) rebuilds the messages' four indexes;
// - garbage collection (every 10 minutes) deletes each unreferenced extent with findAndRemove,
//   which rebuilds the index on every call: one collection blocked the event loop for over a
//   minute (2,000 deletions among 20,000 extents: 75 s; removing each document: 0.3 s).
// Both now remove documents one at a time, which keeps the indexes up to date incrementally.
// And a table query tested every entity of the table against its filter, so reading one
// orchestration's history cost a pass over every history row of the task hub: a query whose
// filter requires one PartitionKey now starts from that partition (Azurite's index on it).
try {
  const azuriteSource = path.dirname(process.argv[1]);
  const loki = require(require.resolve('lokijs', { paths: [azuriteSource] }));
  const batchRemoval = loki?.Collection?.prototype?.removeBatch;
  const extents = require(path.join(azuriteSource, 'common', 'persistence', 'LokiExtentMetadataStore.js')).default;
  const tables = require(path.join(azuriteSource, 'table', 'persistence', 'LokiTableMetadataStore.js')).default;
  const query = tables?.prototype?.queryTableEntities;
  if (typeof batchRemoval !== 'function' || typeof extents?.prototype?.deleteExtent !== 'function'
    || typeof query !== 'function' || typeof tables.prototype.getEntityCollection !== 'function') {
    throw new Error('LokiJS or Azurite internals not found');
  }

  // Above this many documents one rebuild is cheaper than updating the indexes per document.
  const largeBatch = 100;
  loki.Collection.prototype.removeBatch = function removeBatch(batch) {
    if (batch.length > largeBatch) {
      return batchRemoval.call(this, batch);
    }

    for (const doc of batch) {
      this.remove(doc);
    }
  };

  extents.prototype.deleteExtent = async function deleteExtent(extentId) {
    const collection = this.db.getCollection(this.EXTENTS_COLLECTION);
    const doc = collection.findOne({ id: extentId });
    if (doc) {
      collection.remove(doc);
    }
  };
  tables.prototype.queryTableEntities = function queryTableEntities(context, account, table, queryOptions, ...rest) {
    const partition = requiredPartition(queryOptions?.filter);
    let collection;
    try {
      collection = partition === undefined ? undefined : this.getEntityCollection(account, table, context);
    } catch {
      collection = undefined;
    }

    if (collection === undefined) {
      return query.call(this, context, account, table, queryOptions, ...rest);
    }

    // The query chains synchronously before its first await, so the override is in place exactly
    // for this call.
    const chain = collection.chain;
    collection.chain = function partitionChain() {
      return chain.call(this).find({ PartitionKey: partition });
    };
    try {
      return query.call(this, context, account, table, queryOptions, ...rest);
    } finally {
      collection.chain = chain;
    }
  };
  console.log('ThiDua: storage patched');
} catch (error) {
  console.log(`ThiDua: storage not patched (${error.message})`);
}

// Every storage request is counted, so that a run can say what its work costs in Azure, where each
// request is billed: by the port it came in on (which says blob, queue or table), method, path shape
// (account, container or queue or table name, then "*" for each deeper part, "(…)" for an entity's
// keys), the comp and restype parameters and the status class. A table batch names no table in its
// address: the table of its first operation and how many operations it carried are read from its body.
// GET /__thidua/requests on any of the three ports answers the counts so far as JSON (not counted).
const http = require('http');
const requestCounts = new Map();
const serverEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function countRequests(event, ...args) {
  if (event !== 'request') {
    return serverEmit.call(this, event, ...args);
  }

  const [req, res] = args;
  if (req.method === 'GET' && req.url === '/__thidua/requests') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify([...requestCounts.values()]));
    return true;
  }

  try {
    countRequest(req, res);
  } catch {
    // Counting never stands in the way of a request.
  }

  return serverEmit.call(this, event, ...args);
};

function countRequest(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const segments = url.pathname.split('/').filter(s => s.length > 0).map(s => { try { return decodeURIComponent(s); } catch { return s; } });
  const parts = segments.slice(1);
  const shape = parts.map((part, i) => {
    if (i > 0 && part !== 'messages') {
      return '*';
    }

    const open = part.indexOf('(');
    return open < 0 ? part : part.slice(0, open) + (part.endsWith('()') ? '()' : '(…)');
  }).join('/');
  const batch = parts.length === 1 && parts[0] === '$batch';
  let body = '';
  if (batch) {
    const emit = req.emit;
    req.emit = function captureBatch(name, chunk, ...rest) {
      if (name === 'data' && body.length < 1 << 20) {
        body += chunk.toString('latin1');
      }

      return emit.call(this, name, chunk, ...rest);
    };
  }

  const port = req.socket.localPort;
  res.once('close', () => {
    let batchTable = '';
    let operations = 1;
    if (batch) {
      const lines = [...body.matchAll(/^(?:POST|PUT|MERGE|PATCH|DELETE|GET) (?:https?:\/\/[^/\s]+)?\/[^/\s]+\/([^/\s()?]+)\S* HTTP\/1\.1/gm)];
      operations = Math.max(1, lines.length);
      batchTable = lines.length > 0 ? decodeURIComponent(lines[0][1]) : '';
    }

    const entry = {
      port,
      method: req.method,
      path: shape,
      comp: url.searchParams.get('comp') ?? '',
      restype: url.searchParams.get('restype') ?? '',
      status: Math.floor(res.statusCode / 100) * 100,
      batchTable,
    };
    const key = JSON.stringify(entry);
    const counted = requestCounts.get(key) ?? { ...entry, requests: 0, operations: 0 };
    counted.requests += 1;
    counted.operations += operations;
    requestCounts.set(key, counted);
  });
}

// The PartitionKey an OData filter requires, or undefined: the filter is a conjunction ("and" at
// its top level, any number of parentheses around) one of whose terms is "PartitionKey eq '...'".
// Every entity it matches is then in that partition, whatever the other terms say (an "or" or a
// "not" inside another term does not matter; one at the top level disqualifies the filter).
function requiredPartition(filter) {
  if (typeof filter !== 'string' || filter.includes('"')) {
    return undefined;
  }

  // Literals (single-quoted, '' for a quote) become numbered placeholders, so that no keyword or
  // parenthesis inside one is taken for syntax.
  let masked = '';
  const literals = [];
  for (let i = 0; i < filter.length; i++) {
    if (filter[i] !== "'") {
      masked += filter[i];
      continue;
    }

    let literal = '';
    for (i++; i < filter.length; i++) {
      if (filter[i] === "'" && filter[i + 1] === "'") {
        literal += "'";
        i++;
      } else if (filter[i] === "'") {
        break;
      } else {
        literal += filter[i];
      }
    }

    if (i >= filter.length) {
      return undefined;
    }

    masked += `'${literals.length}'`;
    literals.push(literal);
  }

  const index = partitionTerm(masked);
  return index === undefined ? undefined : literals[index];
}

function partitionTerm(expression) {
  const expr = withoutOuterParentheses(expression.trim());
  const terms = topLevelConjuncts(expr);
  if (terms === undefined) {
    return undefined;
  }

  if (terms.length === 1) {
    const match = /^PartitionKey\s+eq\s+'(\d+)'$/.exec(expr);
    return match ? Number(match[1]) : undefined;
  }

  for (const term of terms) {
    const index = partitionTerm(term);
    if (index !== undefined) {
      return index;
    }
  }

  return undefined;
}

function withoutOuterParentheses(expr) {
  while (expr.startsWith('(') && closingParenthesis(expr, 0) === expr.length - 1) {
    expr = expr.slice(1, -1).trim();
  }

  return expr;
}

function closingParenthesis(expr, open) {
  let depth = 0;
  for (let i = open; i < expr.length; i++) {
    depth += expr[i] === '(' ? 1 : expr[i] === ')' ? -1 : 0;
    if (depth === 0) {
      return i;
    }
  }

  return -1;
}

// The terms joined by "and" outside any parentheses, or undefined when an "or" or a "not" stands
// there too (or the parentheses do not balance).
function topLevelConjuncts(expr) {
  const terms = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === '(' || expr[i] === ')') {
      depth += expr[i] === '(' ? 1 : -1;
      if (depth < 0) {
        return undefined;
      }

      continue;
    }

    if (depth > 0 || (i > 0 && /\w/.test(expr[i - 1]))) {
      continue;
    }

    const word = /^(and|or|not)\b/i.exec(expr.slice(i));
    if (word === null) {
      continue;
    }

    if (word[1].toLowerCase() !== 'and') {
      return undefined;
    }

    terms.push(expr.slice(start, i).trim());
    start = i + word[1].length;
    i = start - 1;
  }

  if (depth !== 0) {
    return undefined;
  }

  terms.push(expr.slice(start).trim());
  return terms;
}

module.exports = { requiredPartition };
