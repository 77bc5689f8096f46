/* numwords: numbers, amounts, dates and queue numbers as Vietnamese words,
 * for speech by joining recorded (or generated) word clips.
 *
 * The result is a list of clip IDs ("n_hai", "n_muoi_ngang", "n_tram"...),
 * each one word, so the audio driver can play assets/audio/<lang>/<id>.wav in
 * sequence; numwords_join gives the same words as text (for captions and
 * tests). Grammar (northern standard, as read aloud in offices):
 *   10..19  mười, mười một, mười lăm            (5 after mười/mươi is "lăm")
 *   20..99  hai mươi, hai mươi mốt, hai mươi tư  (1 is "mốt", 4 is "tư" after mươi)
 *   x0y     một trăm linh năm                     ("linh" when the tens are 0)
 *   groups  một nghìn không trăm linh năm        (an inner group always says its
 *           hundreds, "không trăm" included; zero groups are skipped)
 *   units   nghìn, triệu, tỷ; above a tỷ the count of tỷ is read the same way
 *           (năm nghìn không trăm linh ba tỷ).
 * No allocation: a fixed array of pointers to static strings. */
#ifndef KIOSK_NUMWORDS_H
#define KIOSK_NUMWORDS_H

#include <stddef.h>
#include <stdint.h>

#define NUMWORDS_MAX 96

typedef struct numwords {
    const char *ids[NUMWORDS_MAX]; /* clip IDs, static strings */
    int count;
    int overflow;                  /* set if words were dropped */
} numwords;

void numwords_clear(numwords *w);

/* Append the words of n. Returns 0, or -1 on overflow of the list. */
int numwords_number(numwords *w, uint64_t n);
/* "<n> đồng". */
int numwords_amount(numwords *w, uint64_t dong);
/* "ngày [mồng] D tháng M năm Y" (mồng for days 1..10, "tháng tư" for April).
 * Returns -1 if the date is out of range (day 1..31, month 1..12, year 1..9999). */
int numwords_date(numwords *w, int day, int month, int year);
/* "số <n>": a queue ticket number. */
int numwords_queue(numwords *w, uint64_t n);
/* A printed queue number as it is read out: "số", each letter by its name,
 * the digits as a number ("HT-007": "số hát tê bảy"; "A12B3": "số a mười hai
 * bê ba"); other characters skipped. -1 if it has no letter and no digit. */
int numwords_ticket(numwords *w, const char *number);
/* The same with the given prefix, letter clips (a..z) and number reader. */
int numwords_ticket_ids(numwords *w, const char *number, const char *prefix,
                        const char *const *letters, int (*say_number)(numwords *, uint64_t));
/* Digit by digit ("không", "một", ... "chín"), non-digits skipped: for codes. */
int numwords_digits(numwords *w, const char *digits);
/* Append one clip by ID (prompts and words can be mixed in one list). */
int numwords_push(numwords *w, const char *id);

/* The word for a clip ID (Vietnamese "n_", English "e_"), or NULL if unknown. */
const char *numwords_text(const char *id);
/* All clip IDs numwords can produce, in a fixed order (NULL-terminated):
 * the audio build must provide a clip for each (assets/audio/words.tsv). */
const char *const *numwords_all_ids(void);

/* English, British usage ("one hundred and five", "one thousand and five"),
 * clip IDs "e_..." (assets/audio/words-en.tsv, spoken in the en folder).
 * Dates read "twenty two November two thousand and twenty six". */
int numwords_en_number(numwords *w, uint64_t n);
int numwords_en_amount(numwords *w, uint64_t dong);     /* "... dong" */
int numwords_en_date(numwords *w, int day, int month, int year);
int numwords_en_queue(numwords *w, uint64_t n);         /* "number ..." */
int numwords_en_ticket(numwords *w, const char *number); /* "number H T seven" */
int numwords_en_digits(numwords *w, const char *digits);
const char *const *numwords_en_all_ids(void);
const char *numwords_en_text(const char *id);

/* In the words of a visit language: English for "en", Vietnamese for any
 * other (minority languages have no number clips yet: the audio player then
 * reports the Vietnamese clips as a fallback). */
int numwords_number_for(numwords *w, const char *lang, uint64_t n);
int numwords_amount_for(numwords *w, const char *lang, uint64_t dong);
int numwords_date_for(numwords *w, const char *lang, int day, int month, int year);
int numwords_queue_for(numwords *w, const char *lang, uint64_t n);
int numwords_ticket_for(numwords *w, const char *lang, const char *number);
int numwords_digits_for(numwords *w, const char *lang, const char *digits);

/* The words joined by single spaces into out (cap bytes). Returns 0, or -1
 * if out is too small (out is then empty). Unknown IDs are written as is. */
int numwords_join(const numwords *w, char *out, size_t cap);

#endif
