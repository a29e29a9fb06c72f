using System.Globalization;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Alerts;

/// <summary>User-facing alert text in Brazilian Portuguese.</summary>
public static class AlertText
{
    /// <summary>
    /// The headline tells the statistics' numbers and nothing else, so every channel that shows both agrees:
    /// "Surto detectado: 42 casos de plaquetas baixas em Contagem/MG e mais 3 municípios de 28/11 a 04/12, 12 esperados (3,5×)".
    /// </summary>
    public static string Headline(AlertType type, AlertStatus status, Condition? condition, AlertArea area, AlertStatistics s, string? lab = null)
    {
        var window = s.WindowStart.ToOffset(AnalysisDay.Offset).Date == s.WindowEnd.ToOffset(AnalysisDay.Offset).Date
            ? $"em {Date(s.WindowEnd)}" : $"de {Date(s.WindowStart)} a {Date(s.WindowEnd)}";
        var expected = $"{Count(s.Expected)} {(Math.Round(s.Expected, 1) == 1 ? "esperado" : "esperados")}";
        if (type == AlertType.FeedSilence)
        {
            // A laboratory is judged on the last 24 hours, a municipality on a whole day.
            var (source, span) = lab is null ? (area.PortugueseName, window) : ($"laboratório {lab} ({area.PortugueseName})", "nas últimas 24 horas");
            return status == AlertStatus.Resolved
                ? $"Dados normalizados: {source} voltou a enviar hemogramas ({s.Observed} {span}, {expected})"
                : $"Sem dados de {source}: {s.Observed} {(s.Observed == 1 ? "hemograma" : "hemogramas")} {span}, {expected}";
        }
        var cases = $"{s.Observed} {(s.Observed == 1 ? "caso" : "casos")} de {condition?.Portuguese() ?? "alterações"} em {area.PortugueseName} "
            + $"{window}, {expected}{Ratio(s)}";
        return $"{(status == AlertStatus.Resolved ? "Surto encerrado" : "Surto detectado")}: {cases}";
    }

    /// <summary>
    /// The statistics in one line, the same numbers as the headline plus the evidence behind them:
    /// "42 observados, 12 esperados (excesso 30; 3,5×); 1.250 exames; p = 0,0012; de 28/11 a 04/12; tendência crescente".
    /// </summary>
    public static string Summary(AlertStatistics s)
    {
        var window = $"de {Date(s.WindowStart)} a {Date(s.WindowEnd)}";
        var trend = s.Trend switch { AlertTrend.Rising => "crescente", AlertTrend.Falling => "decrescente", _ => "estável" };
        var recurrence = s.RecurrenceIntervalDays switch
        {
            null => "",
            >= DetectionEngine.MaxRecurrenceDays => "; recorrência de 100 anos ou mais",
            var ri => $"; recorrência {Count(ri.Value)} dias",
        };
        return $"{s.Observed} observados, {Count(s.Expected)} esperados (excesso {Count(s.Excess)}{Ratio(s).Replace(" (", "; ").TrimEnd(')')}); "
            + $"{s.Tests} exames; p = {PortugueseNumber.Format(s.PValue, "G2")}{recurrence}; {window}; tendência {trend}";
    }

    static string Date(DateTimeOffset t) => t.ToOffset(AnalysisDay.Offset).ToString("dd/MM", CultureInfo.InvariantCulture);

    static string Count(double value) => PortugueseNumber.Format(value, Math.Abs(value) < 10 ? "0.#" : "0");

    static string Ratio(AlertStatistics s) =>
        double.IsFinite(s.Ratio) && s.Expected >= 0.05 ? $" ({PortugueseNumber.Format(s.Ratio, "0.0")}×)" : "";

    public static string SuggestedAction(AlertType type, Condition? condition) => type == AlertType.FeedSilence || condition is not { } c
        ? "Falha no envio de dados: confirmar com o laboratório se os exames estão sendo realizados e enviados; até a normalização, a vigilância desta área está cega."
        : (c.Parameter, c.Direction) switch
    {
        (HemogramParameter.Platelets, Direction.Low) =>
            "Plaquetopenia em grupo: investigar arboviroses (dengue, chikungunya, zika) e febres hemorrágicas; notificar casos suspeitos, intensificar o controle vetorial e orientar as unidades sobre sinais de alarme e hidratação.",
        (HemogramParameter.Leukocytes or HemogramParameter.Neutrophils, Direction.High) =>
            "Leucocitose em grupo: investigar surto de infecção bacteriana (meningite, pneumonia, doença transmitida por alimentos); solicitar culturas, revisar notificações e buscar fonte comum de exposição.",
        (HemogramParameter.Leukocytes or HemogramParameter.Neutrophils, Direction.Low) =>
            "Leucopenia em grupo: investigar infecções virais (dengue, influenza, sarampo) e exposição a agentes tóxicos; verificar cobertura vacinal e notificar casos suspeitos.",
        (HemogramParameter.Lymphocytes, Direction.High) =>
            "Linfocitose em grupo: investigar infecções virais e coqueluche; revisar casos, contatos e cobertura vacinal.",
        (HemogramParameter.Lymphocytes, Direction.Low) =>
            "Linfopenia em grupo: investigar síndromes respiratórias virais graves (influenza, COVID-19); reforçar vigilância de SRAG e testagem.",
        (HemogramParameter.Eosinophils, Direction.High) =>
            "Eosinofilia em grupo: investigar parasitoses (esquistossomose, toxocaríase, estrongiloidíase) e fontes de água e alimentos; acionar a vigilância ambiental.",
        (HemogramParameter.Hemoglobin or HemogramParameter.Hematocrit or HemogramParameter.Erythrocytes, Direction.Low) =>
            "Anemia em grupo: investigar hemólise infecciosa (malária), sangramentos, desnutrição e exposição tóxica (chumbo); confirmar resultados com os laboratórios.",
        (HemogramParameter.Hemoglobin or HemogramParameter.Hematocrit or HemogramParameter.Erythrocytes, Direction.High) =>
            "Hemoconcentração em grupo: investigar desidratação (diarreia aguda, dengue com sinais de alarme) e exposição a monóxido de carbono; orientar hidratação.",
        _ => "Investigar o agrupamento de casos, confirmar os resultados com os laboratórios e notificar a vigilância epidemiológica.",
    };
}
