namespace SeCo.Vision.Regions;

/// <summary>
/// A region record's <c>true_label</c>: the ground-truth value most frequent inside the region (255 counts
/// too; ties go to the smallest value), its share of the region in percent rounded to 2 decimals, and
/// whether it equals the region's category. Used for statistics only, never for filtering.
/// </summary>
/// <param name="Id">Majority ground-truth value (may be 255).</param>
/// <param name="Purity">Percentage of the region's pixels carrying <paramref name="Id"/>, numpy-rounded to 2 decimals.</param>
/// <param name="Positive">Whether <paramref name="Id"/> equals the region's <c>category_id</c> (written as 0/1).</param>
public readonly record struct TrueLabel(int Id, double Purity, bool Positive);
