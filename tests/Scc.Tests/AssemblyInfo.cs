// SCC training draws model initialisation and augmentation from torch's process-wide default generator; tests that
// compare two trainings (resume == uninterrupted) flake when another test class draws from it in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
