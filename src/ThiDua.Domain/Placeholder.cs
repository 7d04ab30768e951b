namespace ThiDua.Domain;
internal static class Placeholder;
