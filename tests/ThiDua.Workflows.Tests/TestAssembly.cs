// The real-time runs on the in-memory host (marked slow) use durable timers of a second or two; Azurite and
// SMTP tests running beside them on a 2-core machine made those deadlines slip. One test class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
