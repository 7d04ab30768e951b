// Loaded into Azurite's node process with --require, before Azurite itself.

// End of stdin means the owner is done or gone: shut down the way Ctrl+C would (Azurite closes
// its stores on SIGTERM). Its graceful close waits for clients' pooled keep-alive connections,
// which a stopped host never closes, hence the deadline.
process.stdin.on('end', () => {
  setTimeout(() => process.exit(0), 3000).unref();
  process.kill(process.pid, 'SIGTERM');
});
process.stdin.resume();

// Azurite's garbage collection (every 10 minutes) deletes each unreferenced extent with LokiJS's
// findAndRemove, which rebuilds the collection's index on every call. Queue messages leave tens
// of thousands of extents behind, so one collection blocked the event loop for over a minute and
// every client's request timed out meanwhile. Removing the one document keeps the index up to
// date incrementally (2,000 deletions among 20,000 extents: 0.3 s instead of 75 s).
try {
  const path = require('path');
  const store = require(path.join(path.dirname(process.argv[1]), 'common', 'persistence', 'LokiExtentMetadataStore.js')).default;
  if (typeof store?.prototype?.deleteExtent !== 'function') {
    throw new Error('LokiExtentMetadataStore.deleteExtent not found');
  }

  store.prototype.deleteExtent = async function deleteExtent(extentId) {
    const collection = this.db.getCollection(this.EXTENTS_COLLECTION);
    const doc = collection.findOne({ id: extentId });
    if (doc) {
      collection.remove(doc);
    }
  };
  console.log('ThiDua: extent deletion patched');
} catch (error) {
  console.log(`ThiDua: extent deletion not patched (${error.message})`);
}
