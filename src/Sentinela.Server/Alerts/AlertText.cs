using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Alerts;

/// <summary>User-facing alert text in Brazilian Portuguese.</summary>
public static class AlertText
{
    public static string Headline(AlertStatus status, Condition condition, AlertArea area, int cases, DateTimeOffset firstCaseAt, DateTimeOffset now)
    {
        if (status == AlertStatus.Resolved)
            return $"Surto encerrado: {condition.Portuguese()} em {area.PortugueseName}";
        var hours = Math.Max(1, (int)Math.Ceiling((now - firstCaseAt).TotalHours));
        var span = hours == 1 ? "na última hora" : $"nas últimas {hours} horas";
        var noun = cases == 1 ? "caso" : "casos";
        return $"Surto detectado: {cases} {noun} de {condition.Portuguese()} {span} em {area.PortugueseName}";
    }

    public static string SuggestedAction(Condition condition) => (condition.Parameter, condition.Direction) switch
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
