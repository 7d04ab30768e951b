namespace ThiDua.Storage.Internal;

/// <summary>The tables; the enum name is the table name after the prefix.</summary>
internal enum StorageTable
{
    Blocs,
    Units,
    Campaigns,
    Documents,
    Signatures,
    Scores,
    Outbox,
    Votes,
    Results,
    Evidence,
    Conferences,
    CriteriaDrafts,
    Verifications,
}
