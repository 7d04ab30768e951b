// Loaded into Azurite's node process with --require, before Azurite itself.

// End of stdin means the owner is done or gone: shut down the way Ctrl+C would (Azurite closes
// its stores on SIGTERM). Its graceful close waits for clients' pooled keep-alive connections,
// which a stopped host never closes, hence the deadline.
process.stdin.on('end', () => {
  setTimeout(() => process.exit(0), 3000).unref();
  process.kill(process.pid, 'SIGTERM');
});
process.stdin.resume();

// Two LokiJS paths Azurite takes rebuild every index of a collection, costing O(n log n) per call
// where one update would do; with the thousands of queue messages and extents a task hub leaves
// behind, Azurite spent most of its time there:
// - every queue operation first clears expired messages with remove([]) even when none expired,
//   and a batch removal (even an empty one) rebuilds the messages' four indexes;
// - garbage collection (every 10 minutes) deletes each unreferenced extent with findAndRemove,
//   which rebuilds the index on every call: one collection blocked the event loop for over a
//   minute (2,000 deletions among 20,000 extents: 75 s; removing each document: 0.3 s).
// Both now remove documents one at a time, which keeps the indexes up to date incrementally.
try {
  const path = require('path');
  const azuriteSource = path.dirname(process.argv[1]);
  const loki = require(require.resolve('lokijs', { paths: [azuriteSource] }));
  const batchRemoval = loki?.Collection?.prototype?.removeBatch;
  const extents = require(path.join(azuriteSource, 'common', 'persistence', 'LokiExtentMetadataStore.js')).default;
  if (typeof batchRemoval !== 'function' || typeof extents?.prototype?.deleteExtent !== 'function') {
    throw new Error('LokiJS Collection.removeBatch or LokiExtentMetadataStore.deleteExtent not found');
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
  console.log('ThiDua: index rebuilds patched');
} catch (error) {
  console.log(`ThiDua: index rebuilds not patched (${error.message})`);
}
