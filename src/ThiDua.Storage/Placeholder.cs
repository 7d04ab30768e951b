namespace ThiDua.Storage;
internal static class Placeholder;
