"""Entry point: `python -m ainfinity_train.finetune` or `accelerate launch -m ainfinity_train.finetune`.

Reads AINFINITY_TRAINING (see request.py); a bad request prints one `AINFINITY_ERROR ...` line to
stderr and exits 2 before any model code is loaded. Settings that TrainingArguments refuses only in
combination are reported the same way, once it has been built.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import config
from .request import ENV_VAR, RequestError

EXIT_BAD_REQUEST = 2


def main() -> int:
    try:
        cfg, _ = config.load(os.environ.get(ENV_VAR), Path.cwd())
        run(cfg)
    except RequestError as err:
        print(err.line(), file=sys.stderr, flush=True)
        return EXIT_BAD_REQUEST
    return 0


def run(cfg) -> None:
    # Imported after validation so that a rejected request costs milliseconds, not a torch import.
    from omegaconf import OmegaConf
    from transformers import DataCollatorForSeq2Seq, Trainer, set_seed
    from transformers.trainer_utils import get_last_checkpoint

    from . import arguments, dataset, model
    from .metrics import MetricsCallback

    # stdout is a pipe under SkyPilot; line buffering lets the Trainer's own prints stream too.
    sys.stdout.reconfigure(line_buffering=True)
    t = cfg.training
    seed = arguments.seed(cfg)
    set_seed(seed)
    train_raw, eval_raw = dataset.load_conversations(cfg.dataset, seed)
    args = arguments.build(cfg, has_eval=eval_raw is not None)
    net, tokenizer = model.load(cfg.model, _texts(train_raw), args.bf16)
    if args.process_index == 0:
        print(_summary(cfg, args, len(train_raw), 0 if eval_raw is None else len(eval_raw)), flush=True)
    with args.main_process_first(desc="tokenize"):
        train_set = dataset.tokenize(train_raw, tokenizer, t.max_length)
        eval_set = None if eval_raw is None else dataset.tokenize(eval_raw, tokenizer, t.max_length)

    trainer = Trainer(
        model=net,
        args=args,
        train_dataset=train_set,
        eval_dataset=eval_set,
        processing_class=tokenizer,
        data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=dataset.IGNORE_INDEX),
        callbacks=[MetricsCallback()],
    )
    # training_arguments may have replaced output_dir and resume_from_checkpoint: the built args hold the result.
    resume = None
    if args.resume_from_checkpoint == "auto" and os.path.isdir(args.output_dir):
        # A preempted spot instance relaunches the same task; pick up where it stopped.
        resume = get_last_checkpoint(args.output_dir)
    elif args.resume_from_checkpoint not in (None, "auto"):
        resume = args.resume_from_checkpoint
    trainer.train(resume_from_checkpoint=resume)
    trainer.save_model(args.output_dir)
    if trainer.is_world_process_zero():
        OmegaConf.save(cfg, Path(args.output_dir) / "ainfinity_config.yaml", resolve=True)


def _texts(data):
    for row in data:
        for message in row["messages"]:
            yield message["role"]
            yield message["content"]


def _summary(cfg, args, train_count: int, eval_count: int) -> str:
    model_name = cfg.model.get("name_or_path") or cfg.model.kind
    return (
        f"ainfinity-train: model={model_name} dataset={cfg.dataset.path or cfg.dataset.name} "
        f"train={train_count} eval={eval_count} output_dir={args.output_dir} "
        f"accelerate_config={cfg.launch.accelerate_config}"
    )


if __name__ == "__main__":
    sys.exit(main())
