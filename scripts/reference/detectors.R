# Golden reference values for Sentinela's temporal detectors, computed with R's `surveillance` package.
# Run through scripts/reference/make-golden.sh; writes CSVs into the directory given as the first argument
# (tests/Sentinela.Tests/Unit/Detection/Golden). Every series is seeded, so a rerun reproduces the files.
#
# What is checked (the C# tests read these files; CI does not need R):
#   ears.csv    earsC C1/C2/C3 upperbound and alarm per day, on counts and on the daily proportion (days with tests only).
#   cusum.csv   categoricalCUSUM per day with dfun = dbinom and with the beta-binomial dBB: the log-likelihood ratio,
#               the statistic without resets (h = Inf) and with R's reset after an alarm (h from series-params.csv).
#   tails.csv   upper-tail probabilities P(Y >= k): binomial (pbinom), one-day beta-binomial (exact sum), and sums of
#               independent beta-binomial days: the moment-matched pooled beta-binomial Sentinela uses, the exact
#               convolution, and the moment-matched negative binomial (pnbinom) for comparison.
suppressPackageStartupMessages(library(surveillance))

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "."
dir.create(out, showWarnings = FALSE, recursive = TRUE)

num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
flag <- function(x) ifelse(is.na(x), "NA", ifelse(x, "1", "0"))

# Beta-binomial log-pmf in the baseline model's parameterisation (mean p, intra-day correlation rho), so
# alpha = p (1/rho - 1), beta = (1 - p) (1/rho - 1). Written as the binomial log-pmf plus
# sum log1p(i/alpha) + sum log1p(i/beta) - sum log1p(i/(alpha+beta)), which stays accurate as rho -> 0 (lbeta's
# differences lose ~1e-8 at rho = 1e-9); vectorised over x.
ldbb <- function(x, n, p, rho) {
  if (rho == 0) return(dbinom(x, n, p, log = TRUE))
  scale <- 1 / rho - 1
  rising <- function(a) c(0, cumsum(log1p((0:max(n - 1, 0)) / a)))[seq_len(n + 1)]
  dbinom(x, n, p, log = TRUE) + rising(p * scale)[x + 1] + rising((1 - p) * scale)[n - x + 1] -
    rising(scale)[n + 1]
}
# gamlss.dist's dBB(x, mu, sigma, bd), the beta-binomial categoricalCUSUM's help uses: alpha = mu/sigma,
# beta = (1-mu)/sigma, so rho = sigma/(1+sigma) and sigma = rho/(1-rho). gamlss.dist is not packaged in Debian; this is
# the same density (without gamlss.dist's switch to the binomial below sigma = 1e-4), vectorised over x.
dBB <- function(x, mu, sigma, bd, log = FALSE) {
  l <- sapply(seq_along(x), function(i) ldbb(x[i], bd, mu[(i - 1) %% length(mu) + 1], sigma / (1 + sigma)))
  if (log) l else exp(l)
}
sigmaOf <- function(rho) rho / (1 - rho)
if (requireNamespace("extraDistr", quietly = TRUE)) {
  # An independent implementation of the same density, as a check on the parameterisation above.
  for (rho in c(0.5, 0.03, 1e-4)) {
    s <- 1 / rho - 1
    stopifnot(isTRUE(all.equal(ldbb(0:40, 40, 0.2, rho),
                               extraDistr::dbbinom(0:40, 40, 0.2 * s, 0.8 * s, log = TRUE), tolerance = 1e-10)))
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Series: tests per day, abnormal per day, and the expected proportion (a day-of-week pattern around a base rate).
# Outbreaks multiply the true proportion on some days; the expected proportion stays the model's.
# ---------------------------------------------------------------------------------------------------------------
makeSeries <- function(name, seed, days, meanTests, base, rho, outbreak = NULL, factor = 1, closedSundays = FALSE,
                       description = "") {
  set.seed(seed)
  t <- seq_len(days)
  expected <- base * (1 + 0.25 * sin(2 * pi * t / 7))
  tests <- rpois(days, meanTests)
  if (closedSundays) tests[t %% 7 == 0] <- 0
  truth <- expected
  if (!is.null(outbreak)) truth[outbreak] <- pmin(0.95, truth[outbreak] * factor)
  abnormal <- integer(days)
  for (i in t) {
    if (tests[i] == 0) next
    pr <- if (rho > 0) rbeta(1, truth[i] * (1 / rho - 1), (1 - truth[i]) * (1 / rho - 1)) else truth[i]
    abnormal[i] <- rbinom(1, tests[i], pr)
  }
  list(name = name, rho = rho, description = description,
       data = data.frame(series = name, day = t, tests = tests, abnormal = abnormal, expected = expected))
}

series <- list(
  makeSeries("sparse", 101, 70, 12, 0.06, 0.05, closedSundays = TRUE,
             description = "about 12 tests a day, 0-2 abnormal, closed on Sundays, beta-binomial"),
  makeSeries("sparse-outbreak", 102, 70, 12, 0.06, 0.05, outbreak = 64:70, factor = 4, closedSundays = TRUE,
             description = "sparse with the proportion x4 over the last 7 days"),
  makeSeries("moderate", 201, 70, 100, 0.10, 0.01, description = "about 10 abnormal of 100 a day, beta-binomial"),
  makeSeries("moderate-outbreak", 202, 70, 100, 0.10, 0.01, outbreak = c(35:41, 66:70), factor = 2,
             description = "moderate with the proportion x2 on days 35-41 and 66-70"),
  makeSeries("large", 301, 70, 1000, 0.10, 0.002, description = "about 100 abnormal of 1000 a day, beta-binomial"),
  makeSeries("large-outbreak", 302, 70, 1000, 0.10, 0.002, outbreak = 64:70, factor = 1.5,
             description = "large with the proportion x1.5 over the last 7 days"),
  makeSeries("binomial", 401, 70, 60, 0.05, 0, description = "binomial (rho = 0), about 3 abnormal of 60 a day"),
  makeSeries("binomial-outbreak", 402, 70, 60, 0.05, 0, outbreak = 60:70, factor = 2.5,
             description = "binomial with the proportion x2.5 over the last 11 days"),
  makeSeries("anaemia", 501, 70, 50, 0.30, 0.03, outbreak = 68:70, factor = 1.6,
             description = "high background rate (30 %), x1.6 over the last 3 days"),
  makeSeries("zeros", 601, 30, 20, 0.02, 0, description = "tests every day, no abnormal result at all")
)
series[[length(series)]]$data$abnormal <- 0L

# Detector parameters per series: the beta-binomial CUSUM uses rhoCusum (positive even for binomial series, so that
# both dfun variants are exercised everywhere), the EARS runs use minSigma 0 (R's default) and minSigma below.
params <- do.call(rbind, lapply(series, function(s) data.frame(
  series = s$name, rho = s$rho, rho_cusum = if (s$rho > 0) s$rho else 0.02, relative_risk = 2, h = 5,
  min_sigma_counts = 0.5, min_sigma_proportions = 0.02, description = s$description)))
write.csv(params, file.path(out, "series-params.csv"), row.names = FALSE, quote = TRUE)
inputs <- do.call(rbind, lapply(series, function(s) s$data))
write.csv(data.frame(series = inputs$series, day = inputs$day, tests = inputs$tests, abnormal = inputs$abnormal,
                     expected = num(inputs$expected)),
          file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)

# ---------------------------------------------------------------------------------------------------------------
# earsC
# ---------------------------------------------------------------------------------------------------------------
earsRows <- function(name, input, days, values, method, baseline, alpha, minSigma) {
  minLength <- switch(method, C1 = baseline + 1, C2 = baseline + 3, C3 = baseline + 5)
  ub <- rep(NA_real_, length(values))
  alarm <- rep(NA, length(values))
  if (length(values) >= minLength) {
    control <- list(method = method, baseline = baseline, minSigma = minSigma)
    if (!is.na(alpha)) control$alpha <- alpha
    res <- suppressWarnings(earsC(sts(observed = matrix(values, ncol = 1)), control = control))
    range <- minLength:length(values)
    ub[range] <- as.numeric(upperbound(res))
    alarm[range] <- as.logical(alarms(res))
  }
  data.frame(series = name, input = input, method = method, baseline = baseline,
             alpha = if (is.na(alpha)) "default" else num(alpha), min_sigma = num(minSigma),
             day = days, value = num(values), upperbound = num(ub), alarm = flag(alarm))
}
ears <- list()
for (s in series) {
  d <- s$data
  p <- params[params$series == s$name, ]
  informative <- d$tests > 0
  for (method in c("C1", "C2", "C3")) {
    for (ms in c(0, p$min_sigma_counts))
      ears[[length(ears) + 1]] <- earsRows(s$name, "counts", d$day, d$abnormal, method, 7, NA, ms)
    for (ms in c(0, p$min_sigma_proportions))
      ears[[length(ears) + 1]] <- earsRows(s$name, "proportions", d$day[informative],
                                           d$abnormal[informative] / d$tests[informative], method, 7, NA, ms)
  }
}
# Non-default baseline and alpha, so the parameter mapping is checked too.
m <- series[[4]]$data
ears[[length(ears) + 1]] <- earsRows("moderate-outbreak", "counts", m$day, m$abnormal, "C1", 10, 0.01, 0)
ears[[length(ears) + 1]] <- earsRows("moderate-outbreak", "counts", m$day, m$abnormal, "C2", 5, 0.05, 1)
ears[[length(ears) + 1]] <- earsRows("moderate-outbreak", "counts", m$day, m$abnormal, "C3", 4, 0.001, 0)
write.csv(do.call(rbind, ears), file.path(out, "ears.csv"), row.names = FALSE, quote = FALSE)

# ---------------------------------------------------------------------------------------------------------------
# categoricalCUSUM: binomial (dbinom) and beta-binomial (dBB) with pi1 = min(RR * pi0, 0.95)
# ---------------------------------------------------------------------------------------------------------------
# categoricalCUSUM calls dfun(y = 2 x 1 matrix of (abnormal, normal), size = n, mu = 2 x 1 matrix of proportions).
binomialDfun <- function(y, size, mu, log = FALSE) dbinom(y[1, ], size = size, prob = mu[1, ], log = log)
betaBinomialDfun <- function(y, size, mu, sigma, log = FALSE) dBB(y[1, ], mu = mu[1, ], sigma = sigma, bd = size, log = log)

cusumRows <- function(s, dfunName) {
  d <- s$data
  p <- params[params$series == s$name, ]
  pi0 <- d$expected
  pi1 <- pmin(p$relative_risk * pi0, 0.95)
  stsObj <- sts(observed = cbind(d$abnormal, d$tests - d$abnormal), populationFrac = cbind(d$tests, d$tests),
                multinomialTS = TRUE)
  run <- function(h) {
    control <- list(range = seq_len(nrow(d)), h = h, pi0 = rbind(pi0, 1 - pi0), pi1 = rbind(pi1, 1 - pi1),
                    ret = "value")
    if (dfunName == "binomial") {
      control$dfun <- binomialDfun
      categoricalCUSUM(stsObj, control = control)
    } else {
      control$dfun <- betaBinomialDfun
      categoricalCUSUM(stsObj, control = control, sigma = sigmaOf(p$rho_cusum))
    }
  }
  free <- run(Inf)
  reset <- run(p$h)
  y <- rbind(d$abnormal, d$tests - d$abnormal)
  llr <- sapply(seq_len(nrow(d)), function(t) {
    if (dfunName == "binomial") {
      binomialDfun(y[, t, drop = FALSE], d$tests[t], matrix(pi1[t]), log = TRUE) -
        binomialDfun(y[, t, drop = FALSE], d$tests[t], matrix(pi0[t]), log = TRUE)
    } else {
      sigma <- sigmaOf(p$rho_cusum)
      betaBinomialDfun(y[, t, drop = FALSE], d$tests[t], matrix(pi1[t]), sigma, log = TRUE) -
        betaBinomialDfun(y[, t, drop = FALSE], d$tests[t], matrix(pi0[t]), sigma, log = TRUE)
    }
  })
  statistic <- upperbound(free)[, 1]
  # The statistic without resets is the running max(0, S + llr): check R agrees with its own recursion.
  stopifnot(isTRUE(all.equal(statistic, Reduce(function(s, l) max(0, s + l), llr, accumulate = TRUE, 0)[-1],
                             tolerance = 1e-12)))
  data.frame(series = s$name, dfun = dfunName, rho = num(if (dfunName == "binomial") 0 else p$rho_cusum),
             day = d$day, llr = num(llr), statistic = num(statistic),
             statistic_reset = num(upperbound(reset)[, 1]), alarm_reset = flag(alarms(reset)[, 1]))
}
cusum <- list()
for (s in series) for (dfunName in c("binomial", "betabinomial")) cusum[[length(cusum) + 1]] <- cusumRows(s, dfunName)
write.csv(do.call(rbind, cusum), file.path(out, "cusum.csv"), row.names = FALSE, quote = FALSE)

# ---------------------------------------------------------------------------------------------------------------
# Upper-tail probabilities P(Y >= k)
# ---------------------------------------------------------------------------------------------------------------
bbUpper <- function(k, n, p, rho) if (k <= 0) 1 else if (k > n) 0 else sum(exp(ldbb(k:n, n, p, rho)))
# Exact distribution of a sum of independent days, by convolution (sums of small windows only).
convolution <- function(ns, ps, rho) {
  d <- 1
  for (i in seq_along(ns)) {
    di <- exp(ldbb(0:ns[i], ns[i], ps[i], rho))
    # A direct sum rather than convolve()'s FFT, whose rounding swamps the far tail.
    next_d <- numeric(length(d) + length(di) - 1)
    for (j in seq_along(di)) next_d[j:(j + length(d) - 1)] <- next_d[j:(j + length(d) - 1)] + d * di[j]
    d <- next_d
  }
  d
}
# The approximation the C# code uses for sums: one beta-binomial on the pooled tests with the sum's mean and variance.
pooled <- function(k, ns, ps, rho) {
  N <- sum(ns)
  mu <- sum(ns * ps)
  V <- sum(ns * ps * (1 - ps) * (1 + (ns - 1) * rho))
  pbar <- mu / N
  rhoPooled <- if (N > 1) max(0, (V / (mu * (1 - pbar)) - 1) / (N - 1)) else 0
  bbUpper(k, N, pbar, rhoPooled)
}
negativeBinomial <- function(k, ns, ps, rho) {
  mu <- sum(ns * ps)
  V <- sum(ns * ps * (1 - ps) * (1 + (ns - 1) * rho))
  if (V <= mu) NA else pnbinom(k - 1, size = mu^2 / (V - mu), mu = mu, lower.tail = FALSE)
}
tails <- list()
addTail <- function(case, kind, k, ns, ps, rho, value, exact = NA, nb = NA) {
  tails[[length(tails) + 1]] <<- data.frame(case = case, kind = kind, observed = sprintf("%d", as.integer(k)),
    tests = paste(sprintf("%d", as.integer(ns)), collapse = " "), proportions = paste(num(ps), collapse = " "), rho = num(rho),
    value = num(value), exact = num(exact), negative_binomial = num(nb))
}
# One day, binomial: R's pbinom is accurate far into the tail.
for (case in list(c(3, 20, 0.05), c(12, 20, 0.05), c(20, 20, 0.05), c(1, 1000, 0.001), c(15, 1000, 0.001),
                  c(150, 1000, 0.1), c(190, 1000, 0.1), c(400, 100000, 0.003), c(0, 50, 0.1), c(1, 50, 0.1),
                  c(60, 100, 0.3), c(1, 1, 0.5), c(5000, 100000, 0.05)))
  addTail(sprintf("binomial k=%d n=%d p=%g", case[1], case[2], case[3]), "binomial", case[1], case[2], case[3], 0,
          pbinom(case[1] - 1, case[2], case[3], lower.tail = FALSE))
# One day, beta-binomial: the exact sum of the pmf over k..n.
for (case in list(c(3, 20, 0.05, 0.05), c(12, 20, 0.05, 0.05), c(20, 20, 0.05, 0.05), c(15, 1000, 0.001, 0.01),
                  c(40, 500, 0.02, 0.002), c(60, 500, 0.02, 0.002), c(30, 100, 0.1, 0.3), c(100, 100, 0.1, 0.3),
                  c(150, 1000, 0.1, 1e-6), c(260, 1000, 0.1, 1e-9), c(2, 12, 0.06, 0.5), c(0, 12, 0.06, 0.05),
                  c(35, 50, 0.3, 0.03), c(600, 5000, 0.1, 0.001), c(1, 3, 0.5, 0.9)))
  addTail(sprintf("beta-binomial k=%d n=%d p=%g rho=%g", case[1], case[2], case[3], case[4]), "betabinomial",
          case[1], case[2], case[3], case[4], bbUpper(case[1], case[2], case[3], case[4]))
# Sums of days (a window of a few days), with the exact convolution beside the approximation.
sums <- list(
  list(ns = c(100, 100, 100), ps = c(0.1, 0.1, 0.1), rho = 0.02, ks = c(35, 45, 55, 70, 90)),
  list(ns = c(100, 120, 80, 90, 110, 100, 95), ps = c(0.1, 0.12, 0.08, 0.1, 0.09, 0.11, 0.1), rho = 0.02,
       ks = c(80, 100, 120, 150)),
  list(ns = rep(20, 5), ps = rep(0.05, 5), rho = 0.05, ks = c(6, 10, 15, 20, 25)),
  list(ns = rep(500, 3), ps = rep(0.3, 3), rho = 0.005, ks = c(480, 520, 560, 600)),
  list(ns = rep(30, 14), ps = rep(0.02, 14), rho = 0.1, ks = c(10, 15, 20, 30, 40)),
  list(ns = c(12, 0, 9, 14), ps = c(0.06, 0.06, 0.05, 0.07), rho = 0.05, ks = c(1, 3, 6, 10)),
  list(ns = c(60, 55, 70), ps = c(0.05, 0.04, 0.06), rho = 0, ks = c(9, 15, 25, 40)),
  list(ns = c(60, 60, 60), ps = c(0.05, 0.05, 0.05), rho = 0, ks = c(9, 15, 25, 40)),
  list(ns = c(200, 180), ps = c(0.1, 0.1), rho = 1e-7, ks = c(40, 60, 90))
)
for (i in seq_along(sums)) {
  s <- sums[[i]]
  d <- convolution(s$ns, s$ps, s$rho)
  for (k in s$ks)
    addTail(sprintf("sum %d of %d days k=%d rho=%g", i, length(s$ns), k, s$rho), "sum", k, s$ns, s$ps, s$rho,
            pooled(k, s$ns, s$ps, s$rho), exact = sum(d[(k + 1):length(d)]), nb = negativeBinomial(k, s$ns, s$ps, s$rho))
}
write.csv(do.call(rbind, tails), file.path(out, "tails.csv"), row.names = FALSE, quote = TRUE)

writeLines(sprintf("surveillance %s, R %s: wrote series, ears, cusum and tails CSVs to %s",
                   packageVersion("surveillance"), getRversion(), normalizePath(out)))
