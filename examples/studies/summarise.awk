# Mean and standard error over replicas of Dev M_xx = Mxx - (Mxx+Myy+Mzz)/3 and of mean_v4 at the
# last output time of a moments.csv. Usage: awk -F, -f summarise.awk run/moments.csv
NR == 1 { next }
{ t[NR] = $2; rows[NR] = $0 }
END {
  tmax = 0
  for (k in t) if (t[k] + 0 > tmax) tmax = t[k] + 0
  n = 0
  for (k in rows) {
    split(rows[k], c, ",")
    if (c[2] + 0 != tmax) continue
    d = c[8] - (c[8] + c[9] + c[10]) / 3
    n++; sd += d; sdd += d * d; s4 += c[14]; s44 += c[14] * c[14]
  }
  md = sd / n; m4 = s4 / n
  printf "t=%g replicas=%d DevMxx=%.5f +- %.5f mean_v4=%.5f +- %.5f\n", tmax, n, md,
         sqrt((sdd / n - md * md) / (n - 1)), m4, sqrt((s44 / n - m4 * m4) / (n - 1))
}
